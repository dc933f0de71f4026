using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>Gzip fallback, loop resilience, key secrecy and the User-Agent, plus trace isolation.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task C51_compression_failure_sends_the_body_plain()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.CompressOverride = _ => throw new InvalidDataException("compressor broken");
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());

        var request = Assert.Single(h.Server.Requests);
        Assert.Null(request.Header("Content-Encoding"));
        Assert.Equal((byte)'{', request.RawBody[0]);
        Assert.Equal("test_event", (string)request.Batch[0]!["event"]!);
        var debug = Assert.Single(h.LogsStartingWith(LogLevel.Debug, "PostHog request body compression failed"));
        Assert.IsType<InvalidDataException>(debug.Exception);
    }

    [Fact]
    public async Task C52_an_unexpected_exception_does_not_stop_the_sending_loop()
    {
        using var handler = new ThrowOnceHandler(new SocketsHttpHandler());
        await using var h = await ClientHarness.StartAsync(o => o.HttpMessageHandler = handler);
        var first = h.Client.Capture(ClientHarness.Event(name: "unlucky"));

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        var error = Assert.Single(h.LogsStartingWith(LogLevel.Error, "PostHog client: unexpected error in the sending loop"));
        Assert.IsType<InvalidOperationException>(error.Exception);
        var reported = Assert.Single(h.Errors);
        Assert.Equal(first.Uuid, Assert.Single(reported.EventUuids));
        Assert.IsType<InvalidOperationException>(reported.Exception);

        h.Client.Capture(ClientHarness.Event(name: "lucky"));
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());
        Assert.Equal("lucky", (string)Assert.Single(h.Server.Requests).Batch[0]!["event"]!);
    }

    [Fact]
    public async Task A_throwing_OnError_callback_is_logged_and_does_not_affect_sending()
    {
        await using var server = await FakePostHogServer.StartAsync();
        server.EnqueueStatus(400);
        var logger = new FakeLogger();
        await using var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = ClientHarness.ApiKey,
            Host = server.BaseUrl,
            Logger = logger,
            OnError = _ => throw new InvalidOperationException("callback bug"),
        });

        Assert.Equal(PostHogRejectReason.InvalidEvent, client.Capture(ClientHarness.Event(name: " ")).Reason);
        client.Capture(ClientHarness.Event(name: "failed"));
        Assert.Equal(new PostHogFlushResult(0, 1, 0), await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        client.Capture(ClientHarness.Event(name: "sent"));
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(15)));

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Message == "PostHog client: the OnError callback threw an exception").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
    }

    [Fact]
    public async Task C53_the_api_key_never_appears_in_logs_errors_exceptions_or_diagnostics()
    {
        const string Secret = "phc_SECRET_4f7a9c1e2b";
        var logger = new FakeLogger();
        var errors = new ConcurrentQueue<PostHogDeliveryError>();
        await using var server = await FakePostHogServer.StartAsync();
        var script = new ConcurrentQueue<ScriptedResponse>(new[]
        {
            ScriptedResponse.WithStatus(401, $"{{\"error\":\"invalid project key {Secret}\"}}"),
            ScriptedResponse.Hang(),
            ScriptedResponse.Hang(),
            ScriptedResponse.Hang(),
        });
        server.Responder = _ => script.TryDequeue(out var next) ? next : null;
        var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = Secret,
            Host = server.BaseUrl,
            Logger = logger,
            OnError = errors.Enqueue,
            MaxRetries = 1,
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });

        // 401 whose body echoes the key.
        client.Capture(ClientHarness.Event(name: "unauthorised"));
        Assert.Equal(new PostHogFlushResult(0, 1, 0), await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(15)));

        // Two timeouts: retries exhausted.
        client.Capture(ClientHarness.Event(name: "timing-out"));
        Assert.Equal(new PostHogFlushResult(0, 1, 0), await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(15)));

        // Rejections, then a shutdown that times out.
        client.Capture(ClientHarness.Event(name: ""));
        client.Capture(ClientHarness.Event(name: "abandoned"));
        _ = client.FlushAsync();
        await server.WaitForRequestsAsync(4);
        var shutdown = await client.ShutdownAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(shutdown.TimedOut);
        client.Capture(ClientHarness.Event(name: "too-late"));

        var options = new PostHogClientOptions { ApiKey = Secret, Host = "not a url" };
        var constructorError = Assert.Throws<ArgumentException>(() => new PostHogClient(options));

        var texts = new List<string>();
        foreach (var record in logger.Collector.GetSnapshot())
        {
            texts.Add(record.Message);
            texts.Add(record.Exception?.ToString() ?? "");
            texts.AddRange(record.StructuredState?.Select(kv => kv.Value ?? "") ?? Array.Empty<string>());
        }

        foreach (var error in errors)
        {
            texts.Add(error.ToString());
            texts.Add(error.Message);
            texts.Add(error.ResponseBody ?? "");
            texts.Add(error.Path ?? "");
            texts.Add(error.Exception?.ToString() ?? "");
        }

        texts.Add(client.GetDiagnostics().ToString());
        texts.Add(constructorError.ToString());
        texts.Add(options.ToString());

        Assert.DoesNotContain(texts, t => t.Contains(Secret, StringComparison.Ordinal));

        // The scenario really produced the reports this test inspects.
        Assert.Contains(errors, e => e.Reason == PostHogDeliveryErrorReason.HttpError && e.StatusCode == 401 && e.ResponseBody!.Contains("invalid project key ***", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Reason == PostHogDeliveryErrorReason.RetriesExhausted && e.Exception is OperationCanceledException);
        Assert.Contains(errors, e => e.Reason == PostHogDeliveryErrorReason.ShutdownTimeout);
        Assert.Contains(errors, e => e.Reason == PostHogDeliveryErrorReason.InvalidEvent);
        Assert.Contains(errors, e => e.Reason == PostHogDeliveryErrorReason.ShutDown);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message == "PostHog rejected the project API key (401); 1 events dropped");
        Assert.NotNull(client.GetDiagnostics().LastError);

        // The key travels only in the body, never in the URL or a header.
        Assert.All(server.Requests, r =>
        {
            Assert.DoesNotContain(Secret, r.Path, StringComparison.Ordinal);
            Assert.DoesNotContain(r.Headers.Values, v => v.Contains(Secret, StringComparison.Ordinal));
            Assert.Equal(Secret, (string)r.Json["api_key"]!);
        });
    }

    [Fact]
    public async Task C54_every_request_has_the_user_agent()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Server.EnqueueStatus(503);
        h.Client.Capture(ClientHarness.Event());
        h.Client.CaptureAi(ClientHarness.Event(name: "$ai_span"));

        await h.DriveAsync(h.Client.FlushAsync());

        Assert.Equal(3, h.Server.RequestCount);
        Assert.All(h.Server.Requests, r => Assert.Equal("agent-tracing-posthog-dotnet/1.0.0", r.Header("User-Agent")));
    }

    [Fact]
    public async Task C54b_user_agent_and_lib_properties_follow_the_options()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.LibName = "my-lib";
            o.LibVersion = "9.9.9-beta.1";
        });
        h.Client.Capture(ClientHarness.Event());

        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("my-lib/9.9.9-beta.1", request.Header("User-Agent"));
        Assert.Equal("my-lib", (string)request.Batch[0]!["properties"]!["$lib"]!);
        Assert.Equal("9.9.9-beta.1", (string)request.Batch[0]!["properties"]!["$lib_version"]!);
    }

    [Fact]
    public async Task The_sending_loop_does_not_inherit_the_callers_trace()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var port = new Uri(server.BaseUrl).Port;
        using var source = new ActivitySource("AgentTracing.PostHog.Tests.App");
        var httpActivities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "System.Net.Http" || s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == "System.Net.Http" && Equals(a.GetTagItem("server.port"), port))
                {
                    httpActivities.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using (var app = source.StartActivity("application work"))
        {
            Assert.NotNull(app);
            await using var client = new PostHogClient(new PostHogClientOptions { ApiKey = ClientHarness.ApiKey, Host = server.BaseUrl });
            client.Capture(ClientHarness.Event());
            Assert.Equal(new PostHogFlushResult(1, 0, 0), await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        }

        var http = Assert.Single(httpActivities);
        Assert.Null(http.Parent);
        Assert.Equal(default, http.ParentSpanId);
    }

    /// <summary>Throws an unexpected exception on its first request, then forwards to the real network.</summary>
    private sealed class ThrowOnceHandler : DelegatingHandler
    {
        private int _calls;

        public ThrowOnceHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("handler bug")
                : base.SendAsync(request, cancellationToken);
    }
}
