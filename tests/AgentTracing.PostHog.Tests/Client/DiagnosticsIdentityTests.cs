using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>
/// The diagnostics balance in every case:
/// <c>EventsEnqueued = EventsSent + EventsFailed + EventsDroppedAfterQueue + EventsUnsent + EventsStored + EventsDroppedStorageFull + QueueLength + EventsInFlight</c>
/// (the storage terms are exercised in Client/Storage/StorageTests),
/// through 413 splitting, 400 isolation, queue overflow, requests in flight and a shutdown timeout.
/// </summary>
public sealed class DiagnosticsIdentityTests
{
    [Fact]
    public async Task The_identity_holds_through_413_splitting_400_isolation_overflow_in_flight_requests_and_a_shutdown_timeout()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxQueueSize = 10);
        h.Server.Responder = r =>
            r.BodyText.Contains("\"huge\"", StringComparison.Ordinal) ? ScriptedResponse.WithStatus(413)
            : r.BodyText.Contains("\"poison\"", StringComparison.Ordinal) ? ScriptedResponse.WithStatus(400)
            : r.BodyText.Contains("\"stuck\"", StringComparison.Ordinal) ? ScriptedResponse.Hang()
            : null;

        // 413 splitting and 400 isolation: one event is dropped after queuing, one fails, six arrive.
        h.Client.Capture(ClientHarness.Event(name: "huge"));
        h.Client.Capture(ClientHarness.Event(name: "poison"));
        for (var i = 0; i < 6; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: "good"));
        }

        Assert.Equal(new PostHogFlushResult(6, 1, 1), await h.FlushAsync());
        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((8L, 6L, 1L, 1L, 0L), (d.EventsEnqueued, d.EventsSent, d.EventsFailed, d.EventsDroppedAfterQueue, d.EventsDroppedTooLarge));

        // Overflow: two of twelve are rejected and never enqueued; a too-large event is rejected at capture.
        for (var i = 0; i < 12; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: "good"));
        }

        Assert.False(h.Client.Capture(ClientHarness.Event(properties: new JsonObject { ["blob"] = new string('x', 1_000_000) })).Accepted);
        d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((18L, 10L, 2L, 1L), (d.EventsEnqueued, d.QueueLength, d.EventsDroppedQueueFull, d.EventsDroppedTooLarge));
        Assert.Equal(new PostHogFlushResult(10, 0, 0), await h.FlushAsync());
        AssertBalanced(h.Client.GetDiagnostics());

        // A request that hangs: its events are in flight, then unsent at the shutdown timeout.
        for (var i = 0; i < 3; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: "stuck"));
        }

        // Counted before the flush starts the request, which may arrive before the next line runs.
        var requests = h.Server.RequestCount;
        var flush = h.Client.FlushAsync();
        await h.Server.WaitForRequestsAsync(requests + 1);
        h.Client.Capture(ClientHarness.Event(name: "stuck"));
        d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal(4, d.EventsInFlight + d.QueueLength);
        Assert.True(d.EventsInFlight >= 3, $"{d.EventsInFlight} events in flight");

        var shutdown = await h.Client.ShutdownAsync(TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(shutdown.TimedOut);
        Assert.Equal(4, shutdown.Unsent);
        Assert.Equal(new PostHogFlushResult(0, 0, 0), await flush.WaitAsync(TimeSpan.FromSeconds(15)));
        d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((22L, 4L, 0L, 0L), (d.EventsEnqueued, d.EventsUnsent, d.EventsInFlight, d.QueueLength));
    }

    private static PostHogClientDiagnostics AssertBalanced(PostHogClientDiagnostics d)
    {
        Assert.Equal(d.EventsEnqueued, d.EventsSent + d.EventsFailed + d.EventsDroppedAfterQueue + d.EventsUnsent
            + d.EventsStored + d.EventsDroppedStorageFull + d.QueueLength + d.EventsInFlight);
        return d;
    }
}
