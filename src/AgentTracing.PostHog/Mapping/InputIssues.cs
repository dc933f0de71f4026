using System;

namespace AgentTracing.PostHog;

/// <summary>
/// The kinds of bad input the exporter repairs or ignores. Every kind is logged, at most one line per kind per
/// 10 s with the number of occurrences since the previous line (see <see cref="LogRateLimiter"/>).
/// </summary>
[Flags]
internal enum InputIssues
{
    /// <summary>Nothing to report.</summary>
    None = 0,

    /// <summary>A value that could not be serialised (a cycle, nesting deeper than 64, a getter that throws): sent as a placeholder.</summary>
    UnserializableValue = 1 << 0,

    /// <summary>A NaN or infinite number: sent as a placeholder.</summary>
    NonFiniteNumber = 1 << 1,

    /// <summary>A string over 200,000 UTF-8 bytes: truncated.</summary>
    StringTruncated = 1 << 2,

    /// <summary>A string with an unpaired UTF-16 surrogate: each one replaced by U+FFFD.</summary>
    LoneSurrogate = 1 << 3,

    /// <summary>An attribute the exporter reads (model, provider, usage, parameters, streaming, tools, chunk fields) holds the wrong JSON type: ignored.</summary>
    WrongAttributeType = 1 << 4,

    /// <summary>The parent span was never seen in the trace: the raw parent id is sent.</summary>
    UnknownParent = 1 << 5,

    /// <summary>A <c>span_ended</c> for a span that never started: sent from its end snapshot alone.</summary>
    EndWithoutStart = 1 << 6,

    /// <summary>An <c>endTime</c> before the <c>startTime</c>: the latency is sent as 0.</summary>
    EndBeforeStart = 1 << 7,

    /// <summary>A start of a span id already seen, a second end, or a repeated event span: merged, sent again, or ignored.</summary>
    DuplicateSpanId = 1 << 8,

    /// <summary>A usage with more cache tokens than input tokens: the cache tokens are capped at the input tokens.</summary>
    CacheAboveInput = 1 << 9,

    /// <summary>A message array over 2 MB: its oldest messages after the system message were left out.</summary>
    MessagesLeftOut = 1 << 10,

    /// <summary>More than 1,000 custom properties (metadata keys, tags, attributes) on one event: the rest were left out.</summary>
    TooManyProperties = 1 << 11,
}
