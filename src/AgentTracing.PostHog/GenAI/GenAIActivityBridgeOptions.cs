using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>Settings of <see cref="GenAIActivityBridge"/> and <see cref="GenAIActivityConverter"/>.</summary>
public sealed class GenAIActivityBridgeOptions
{
    /// <summary>
    /// The <see cref="ActivitySource"/> names listened to by default: Microsoft.Extensions.AI, the Microsoft Agent
    /// Framework (agents and workflows) and Semantic Kernel (every source whose name starts with <c>Microsoft.SemanticKernel</c>).
    /// </summary>
    public static IReadOnlyList<string> DefaultSourceNames { get; } =
    [
        "Experimental.Microsoft.Extensions.AI",
        "Experimental.Microsoft.Agents.AI",
        "Microsoft.Agents.AI.Workflows",
        "Microsoft.SemanticKernel*",
    ];

    /// <summary>
    /// The activity sources to listen to, compared ordinally; a trailing <c>*</c> matches every name that starts with
    /// the rest. Starts with <see cref="DefaultSourceNames"/>. A custom name given to <c>UseOpenTelemetry(sourceName: ...)</c>
    /// must be added here, or nothing from that pipeline is captured.
    /// </summary>
    public IList<string> SourceNames { get; } = new List<string>(DefaultSourceNames);

    /// <summary>
    /// Returns the PostHog user (<c>distinct_id</c>) of an activity, or <see langword="null"/>. Called for the activity and
    /// then each of its in-process ancestors until one answers; before the <c>user.id</c> and <c>enduser.id</c> tags and
    /// the <c>user.id</c> and <c>posthog.distinct_id</c> baggage. An exception is logged at Debug and ignored.
    /// </summary>
    public Func<Activity, string?>? UserIdResolver { get; set; }

    /// <summary>
    /// Returns the PostHog session (<c>$ai_session_id</c>) of an activity, or <see langword="null"/>; consulted like
    /// <see cref="UserIdResolver"/>, before the <c>gen_ai.conversation.id</c> and <c>session.id</c> tags.
    /// </summary>
    public Func<Activity, string?>? SessionIdResolver { get; set; }

    /// <summary>
    /// Copies tags the bridge does not map into the span attributes under their own names (default <see langword="false"/>).
    /// Microsoft.Extensions.AI puts request and response additional properties in such tags when sensitive data is on.
    /// </summary>
    public bool IncludeUnmappedTags { get; set; }

    /// <summary>
    /// How many started and not yet stopped activities are tracked at once (default 10,000). Beyond it the oldest is
    /// dropped without being exported, and a warning is logged at most once a minute. It also bounds how many recent
    /// traces the bridge remembers, so that a later call in the same trace joins its tree and session: beyond it the
    /// least recently used trace is forgotten.
    /// </summary>
    public int MaxTrackedActivities { get; set; } = 10_000;

    /// <summary>Where the bridge logs (failures in its callbacks at Debug, dropped activities at Warning). None by default.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The clock for rate-limiting warnings; <see cref="TimeProvider.System"/> when <see langword="null"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
