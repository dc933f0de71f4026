using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>The AI lane: AI events go to their own endpoint, and fall back to the batch route when that endpoint is missing.</summary>
public sealed class AiLaneTests
{
    private const string AiPath = "/i/v0/ai/batch/";
    private const string FallbackWarning =
        "PostHog AI endpoint /i/v0/ai/batch/ not found (404); sending AI events to /batch/ for the rest of this client's lifetime";

    [Fact]
    public async Task C31_capture_ai_posts_to_ai_endpoint()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 1);
        h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation"));

        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal(AiPath, request.Path);
        Assert.Equal("$ai_generation", (string)request.Batch[0]!["event"]!);
    }

    [Fact]
    public async Task C32_capture_does_not_reroute_ai_named_events()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 1);
        h.Client.Capture(ClientHarness.Event(name: "$ai_generation"));

        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("/batch/", request.Path);
        Assert.Empty(h.Server.RequestsTo(AiPath));
    }

    [Fact]
    public async Task C32b_capture_ai_routes_any_event_name_to_the_ai_endpoint()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.CaptureAi(ClientHarness.Event(name: "anything"));

        await h.FlushAsync();

        Assert.Equal(AiPath, Assert.Single(h.Server.Requests).Path);
    }

    [Fact]
    public async Task C33_capture_ai_event_has_uuid()
    {
        await using var h = await ClientHarness.StartAsync();
        var result = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation"));

        await h.FlushAsync();

        Assert.True(result.Accepted);
        Assert.Null(result.Reason);
        var wire = (string)h.Server.Requests[0].Batch[0]!["uuid"]!;
        Assert.True(Guid.TryParseExact(wire, "D", out var parsed));
        Assert.Equal(7, parsed.Version);
        Assert.Equal(result.Uuid, wire);
    }

    [Fact]
    public async Task C34_capture_ai_keeps_supplied_uuid()
    {
        await using var h = await ClientHarness.StartAsync();
        var result = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation", uuid: "0198c0de-0000-7000-8000-000000000abc"));

        await h.FlushAsync();

        Assert.Equal("0198c0de-0000-7000-8000-000000000abc", result.Uuid);
        Assert.Equal("0198c0de-0000-7000-8000-000000000abc", (string)h.Server.Requests[0].Batch[0]!["uuid"]!);
    }

    [Fact]
    public async Task C35_non_utc_event_timestamp_is_converted_to_utc_on_the_ai_lane()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 1);
        h.Client.CaptureAi(ClientHarness.Event(
            name: "$ai_generation",
            timestamp: DateTimeOffset.Parse("2025-01-02T08:34:05+05:30", CultureInfo.InvariantCulture),
            properties: new JsonObject { ["timestamp_like"] = "2025-01-02T08:34:05+05:30" }));

        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal(AiPath, request.Path);
        Assert.Equal("2025-01-02T03:04:05.000Z", (string)request.Batch[0]!["timestamp"]!);
        Assert.Equal("2025-01-02T08:34:05+05:30", (string)request.Batch[0]!["properties"]!["timestamp_like"]!);
    }

    [Fact]
    public async Task C36_ai_route_404_falls_back_to_batch_route_for_the_client_lifetime()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxRetries = 0);
        h.Server.Responder = r => r.Path == AiPath ? ScriptedResponse.WithStatus(404) : null;
        var first = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_span"));
        var second = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_trace"));
        Assert.False(h.Client.GetDiagnostics().AiLaneFallbackActive);

        // The fake clock is never advanced: the resend happens at once. MaxRetries 0: the resend uses no retry.
        Assert.Equal(new PostHogFlushResult(2, 0, 0), await h.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(AiPath, requests[0].Path);
        Assert.Equal(404, requests[0].ResponseStatus);
        Assert.Equal("/batch/", requests[1].Path);
        Assert.Equal(new[] { first.Uuid!, second.Uuid! }, requests[1].Uuids);
        Assert.Equal(requests[0].Batch.ToJsonString(), requests[1].Batch.ToJsonString());
        Assert.True(h.Client.GetDiagnostics().AiLaneFallbackActive);
        Assert.Equal(0, h.Client.GetDiagnostics().Retries);

        // Later AI events go straight to /batch/.
        h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation"));
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());
        Assert.Equal(3, h.Server.RequestCount);
        Assert.Equal("/batch/", h.Server.Requests[2].Path);
        Assert.Single(h.Server.RequestsTo(AiPath));

        Assert.Single(h.Logs, r => r.Level == LogLevel.Warning && r.Message == FallbackWarning);
        Assert.Empty(h.Errors);
    }

    [Fact]
    public async Task C36b_fallback_resend_gets_a_fresh_retry_budget()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxRetries = 1);
        h.Server.Enqueue(ScriptedResponse.WithStatus(503), ScriptedResponse.WithStatus(404), ScriptedResponse.WithStatus(503));
        h.Client.CaptureAi(ClientHarness.Event(name: "$ai_span"));

        var (result, delays) = await h.DriveAsync(h.Client.FlushAsync());

        // AI 503 → retry → AI 404 → /batch/ 503 → retry (fresh budget) → /batch/ 200.
        Assert.Equal(new PostHogFlushResult(1, 0, 0), result);
        Assert.Equal(new[] { AiPath, AiPath, "/batch/", "/batch/" }, h.Server.Requests.Select(r => r.Path));
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task C36c_after_fallback_the_batch_route_limit_applies_to_ai_events()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxBatchRouteEventBytes = 2_000);
        h.Server.Responder = r => r.Path == AiPath ? ScriptedResponse.WithStatus(404) : null;
        var big = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation", properties: new JsonObject { ["blob"] = new string('x', 3_000) }));
        var small = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_span"));
        Assert.True(big.Accepted, "the AI route accepts the larger event at capture");

        // The oversize event is dropped while the batch is rebuilt for /batch/, never sent there.
        Assert.Equal(new PostHogFlushResult(1, 0, 1), await h.FlushAsync());
        var resend = Assert.Single(h.Server.RequestsTo("/batch/"));
        Assert.Equal(new[] { small.Uuid! }, resend.Uuids);
        var dropped = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.EventTooLarge, dropped.Reason);
        Assert.Equal(big.Uuid, Assert.Single(dropped.EventUuids));
        Assert.Equal((0L, 1L), (h.Client.GetDiagnostics().EventsDroppedTooLarge, h.Client.GetDiagnostics().EventsDroppedAfterQueue));

        // From now on the /batch/ limit applies at capture.
        var rejected = h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation", properties: new JsonObject { ["blob"] = new string('x', 3_000) }));
        Assert.Equal(new PostHogCaptureResult(false, rejected.Uuid, PostHogRejectReason.EventTooLarge), rejected);
    }

    [Fact]
    public async Task Lanes_never_share_a_request()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event(name: "a1"));
        h.Client.CaptureAi(ClientHarness.Event(name: "b1"));
        h.Client.Capture(ClientHarness.Event(name: "a2"));
        h.Client.CaptureAi(ClientHarness.Event(name: "b2"));

        Assert.Equal(new PostHogFlushResult(4, 0, 0), await h.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(new[] { "a1", "a2" }, h.Server.RequestsTo("/batch/").Single().Batch.Select(e => (string)e!["event"]!));
        Assert.Equal(new[] { "b1", "b2" }, h.Server.RequestsTo(AiPath).Single().Batch.Select(e => (string)e!["event"]!));
    }
}
