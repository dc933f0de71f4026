namespace AgentTracing.PostHog;

/// <summary>
/// Where the exporter hands its events: the seam between mapping and delivery. The events carry their properties as
/// the UTF-8 the mapping wrote (<see cref="PostHogEvent.RawProperties"/>); <see cref="PostHogClient"/> copies those
/// bytes into its queue, and <see cref="PublicClientSink"/> turns them into a <see cref="System.Text.Json.Nodes.JsonObject"/>
/// for any other <see cref="IPostHogClient"/>.
/// </summary>
internal interface IEventSink
{
    /// <summary>Queues an AI event; must not keep <see cref="PostHogEvent.RawProperties"/> beyond the call.</summary>
    void Capture(PostHogEvent evt);
}
