using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>
/// Redirects: 307 and 308 are followed with the same method and body, a bounded number of times, to the same host only
/// (or from http to https on it); anything else is a final failure whose Warning names the Location and says to fix Host.
/// </summary>
public sealed class RedirectTests
{
    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_307_or_308_to_the_same_host_is_followed_with_the_same_method_and_the_same_body_bytes(int status)
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Enqueue(Redirect(status, "/moved/i/v0/ai/batch/"));
        var first = h.Client.CaptureAi(ClientHarness.Event("$ai_generation"));
        var second = h.Client.CaptureAi(ClientHarness.Event("$ai_span"));

        Assert.Equal(new PostHogFlushResult(2, 0, 0), await h.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal(["/i/v0/ai/batch/", "/moved/i/v0/ai/batch/"], requests.Select(r => r.Path));
        Assert.All(requests, r => Assert.Equal("POST", r.Method));
        Assert.All(requests, r => Assert.Equal("gzip", r.Header("Content-Encoding")));
        Assert.Equal(requests[0].RawBody, requests[1].RawBody);
        Assert.Equal([first.Uuid!, second.Uuid!], requests[1].Uuids);
        Assert.Empty(h.Errors);
        var diagnostics = h.Client.GetDiagnostics();
        Assert.Equal(2, diagnostics.Requests);
        Assert.Equal(0, diagnostics.Retries);
        Assert.False(diagnostics.AiLaneFallbackActive);
    }

    [Fact]
    public async Task A_redirect_loop_is_followed_five_times_then_fails_with_a_warning_that_names_the_location()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxRetries = 0);
        h.Server.Responder = _ => Redirect(307, "/loop/batch/");
        var uuid = h.Client.Capture(ClientHarness.Event()).Uuid;

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Equal(6, h.Server.RequestCount);
        var location = h.Server.BaseUrl + "/loop/batch/";
        var warning = Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog request /batch/ was redirected (307) to " + location));
        Assert.Contains("more than 5 redirects", warning.Message, StringComparison.Ordinal);
        Assert.Contains("set Host", warning.Message, StringComparison.Ordinal);
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.HttpError, error.Reason);
        Assert.Equal(307, error.StatusCode);
        Assert.Equal(uuid, Assert.Single(error.EventUuids));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task A_301_302_or_303_is_a_final_failure_whose_warning_names_the_location_and_says_to_fix_Host(int status)
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.Enqueue(Redirect(status, "/elsewhere/batch/"));
        var uuids = new[] { h.Client.Capture(ClientHarness.Event()).Uuid!, h.Client.Capture(ClientHarness.Event()).Uuid! };

        Assert.Equal(new PostHogFlushResult(0, 2, 0), await h.FlushAsync());

        Assert.Single(h.Server.Requests);
        var warning = Assert.Single(h.LogsStartingWith(LogLevel.Warning, $"PostHog request /batch/ was redirected ({status}) to {h.Server.BaseUrl}/elsewhere/batch/"));
        Assert.EndsWith("(only 307 and 308 are followed); set Host to the address PostHog answers at; 2 events dropped", warning.Message, StringComparison.Ordinal);
        var error = Assert.Single(h.Errors);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(uuids, error.EventUuids);
    }

    /// <summary>
    /// A 307 to another host name, and a 308 to another port of the same host (a second real server): neither is
    /// followed, so the request body and its key never reach them.
    /// </summary>
    [Fact]
    public async Task A_307_or_308_to_another_host_or_port_is_not_followed_and_the_other_server_gets_nothing()
    {
        await using var other = await FakePostHogServer.StartAsync();
        await using var h = await ClientHarness.StartAsync();
        var port = new Uri(h.Server.BaseUrl).Port;
        h.Server.Enqueue(Redirect(307, $"http://localhost:{port}/batch/"), Redirect(308, other.BaseUrl + "/batch/"));

        h.Client.Capture(ClientHarness.Event());
        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());
        h.Client.Capture(ClientHarness.Event());
        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Equal(2, h.Server.RequestCount);
        Assert.Equal(0, other.RequestCount);
        var warnings = h.Logs.Where(r => r.Level == LogLevel.Warning).Select(r => r.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith($"PostHog request /batch/ was redirected (307) to http://localhost:{port}/batch/ and not followed (another host)", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"PostHog request /batch/ was redirected (308) to {other.BaseUrl}/batch/ and not followed (another port or scheme)", warnings[1], StringComparison.Ordinal);
    }

    /// <summary>
    /// A 308 from http to https on the same host is followed: the client opens TLS to it (here the port speaks plain
    /// HTTP, so the handshake fails as a network error), rather than refusing the redirect.
    /// </summary>
    [Fact]
    public async Task A_308_from_http_to_https_on_the_same_host_is_followed()
    {
        await using var h = await ClientHarness.StartAsync(o => o.MaxRetries = 0);
        var port = new Uri(h.Server.BaseUrl).Port;
        h.Server.Enqueue(Redirect(308, $"https://127.0.0.1:{port}/batch/"));
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Single(h.Server.Requests);
        Assert.Empty(h.LogsStartingWith(LogLevel.Warning, "PostHog request /batch/ was redirected"));
        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.RetriesExhausted, error.Reason);
        Assert.IsType<System.Net.Http.HttpRequestException>(error.Exception);
        Assert.Equal(2, h.Client.GetDiagnostics().Requests);
    }

    private static ScriptedResponse Redirect(int status, string location) =>
        new() { Status = status, Headers = new Dictionary<string, string> { ["Location"] = location } };
}
