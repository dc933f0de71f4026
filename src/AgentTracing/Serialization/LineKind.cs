namespace AgentTracing;

/// <summary>What one line of a recorded trace holds.</summary>
internal enum LineKind
{
    /// <summary>Nothing: the line is skipped.</summary>
    Blank,

    /// <summary>The start of a JSON array that holds the whole trace.</summary>
    ArrayStart,

    /// <summary>One tracing event (JSON Lines).</summary>
    Event,
}
