namespace AgentTracing;

/// <summary>Placeholder replaced below.</summary>
public sealed class TracingEvent
{
}
