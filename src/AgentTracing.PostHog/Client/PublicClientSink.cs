namespace AgentTracing.PostHog;

/// <summary>Hands events to an application's own <see cref="IPostHogClient"/>, with their properties as a <see cref="System.Text.Json.Nodes.JsonObject"/> of their own.</summary>
internal sealed class PublicClientSink(IPostHogClient client) : IEventSink
{
    /// <inheritdoc />
    public void Capture(PostHogEvent evt) => client.CaptureAi(new PostHogEvent
    {
        EventName = evt.EventName,
        DistinctId = evt.DistinctId,
        Timestamp = evt.Timestamp,
        Properties = evt.RawProperties?.ToJsonObject(),
    });
}
