namespace AgentTracing.PostHog.Client.Internal;

/// <summary>Whether one delivery holds a request slot now; passed down through its splits and fallback resends.</summary>
internal sealed class SlotLease
{
    public bool Held { get; set; }
}
