using System;

namespace AgentTracing.PostHog;

/// <summary>A span that ended before its parent was seen, held until the parent arrives so that it hangs under it.</summary>
/// <param name="Span">The span's snapshot (a copy for event spans).</param>
/// <param name="Kind">How it is to be sent.</param>
/// <param name="Issues">Bad input already found, logged when it is sent.</param>
/// <param name="HeldAt">When it was held: it waits at most the trace cleanup delay.</param>
internal readonly record struct HeldSpan(SpanSnapshot Span, EmitKind Kind, InputIssues Issues, DateTimeOffset HeldAt);
