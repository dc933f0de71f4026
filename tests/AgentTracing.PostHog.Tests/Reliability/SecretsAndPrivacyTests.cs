using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>The key stays secret, privacy mode keeps content off the wire, and TLS is always verified.</summary>
public sealed class SecretsAndPrivacyTests(ITestOutputHelper output)
{
    private const string ApiKey = "phc_reliability_SECRET_key_0123456789abcdef";
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Every way delivery can fail, with the logger at Trace: the server echoing the key in 400, 401, 404 and 503
    /// bodies, reset connections, timeouts, a refused connection, a full queue, a shutdown timeout, and bad input. The
    /// key appears in no log line (message, structured state or exception), no <c>OnError</c> report, no diagnostics
    /// and no options text.
    /// </summary>
    [Fact]
    public async Task The_api_key_never_appears_in_a_log_line_an_exception_or_an_error_report_whatever_fails()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var echo = $$"""{"type":"validation_error","detail":"invalid api_key {{ApiKey}}"}""";

        // Each round's trace meets one failure, whatever the retries and timeouts do to the order of requests.
        ScriptedResponse[] failures =
        [
            ScriptedResponse.WithStatus(400, echo),
            ScriptedResponse.WithStatus(401, echo),
            ScriptedResponse.WithStatus(503, echo), // Retries run out.
            ScriptedResponse.AbortConnection(),
            ScriptedResponse.Hang(), // Request timeouts.
            ScriptedResponse.WithStatus(404, echo), // The AI route is missing, then /batch/ too.
        ];
        server.Responder = request =>
        {
            var round = failures.Select((_, i) => i).FirstOrDefault(i => request.BodyText.Contains($"\"secret-{i}\"", StringComparison.Ordinal), -1);
            return round < 0 ? ScriptedResponse.Hang() : failures[round];
        };
        var logger = new FakeLogger();
        var errors = new ConcurrentQueue<PostHogDeliveryError>();
        var options = new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            FlushAt = 1_000,
            Logger = logger,
            LogLevel = LogLevel.Trace,
            GetEnvironmentVariable = _ => null,
            ConfigureClient = o =>
            {
                o.MaxRetries = 1;
                o.InitialRetryDelay = TimeSpan.FromMilliseconds(1);
                o.RequestTimeout = TimeSpan.FromSeconds(1);
                o.ShutdownTimeout = TimeSpan.FromMilliseconds(300);
                o.MaxQueueSize = 3;
                o.OnError = errors.Enqueue;
                Assert.DoesNotContain(ApiKey, o.ToString(), StringComparison.Ordinal);
            },
        };
        var exporter = new PosthogExporter(options);
        var factory = new BadInputFactory();

        // 400, 401, 503 (retries exhausted), resets, timeouts, 404 on both routes: one round each.
        for (var round = 0; round < 6; round++)
        {
            foreach (var e in TraceFactory.Trace("secret-" + round, 1))
            {
                await exporter.ExportTracingEventAsync(e);
            }

            var bad = factory.Create((BadInputKind)(round * 3), "secret-" + round, "secret-" + round + "-root");
            foreach (var e in bad.Events)
            {
                await exporter.ExportTracingEventAsync(e!);
            }

            await exporter.FlushAsync().WaitAsync(Safety);
        }

        // A full queue, then a shutdown that times out on a hanging request.
        foreach (var e in TraceFactory.Trace("secret-full", 5))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.ShutdownAsync().WaitAsync(Safety);

        // A refused connection.
        var closed = await FakePostHogServer.StartAsync();
        var closedHost = closed.BaseUrl;
        await closed.DisposeAsync();
        var refused = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = closedHost,
            Logger = logger,
            LogLevel = LogLevel.Trace,
            GetEnvironmentVariable = _ => null,
            ConfigureClient = o =>
            {
                o.MaxRetries = 0;
                o.OnError = errors.Enqueue;
            },
        });
        await refused.ExportTracingEventAsync(Spans.End(Spans.Span("refused", traceId: "refused")));
        await refused.FlushAsync().WaitAsync(Safety);
        await refused.ShutdownAsync().WaitAsync(Safety);

        var reasons = errors.Select(e => e.Reason).ToHashSet();
        Assert.Superset(
            new[] { PostHogDeliveryErrorReason.HttpError, PostHogDeliveryErrorReason.RetriesExhausted, PostHogDeliveryErrorReason.QueueFull, PostHogDeliveryErrorReason.ShutdownTimeout }.ToHashSet(),
            reasons);
        Assert.Contains(errors, e => e.StatusCode == 400);
        Assert.Contains(errors, e => e.StatusCode == 401);
        Assert.Contains(errors, e => e.StatusCode == 404);
        Assert.Contains(errors, e => e.StatusCode == 503);
        Assert.Contains(errors, e => e.Message.Contains("timeout after", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Exception is HttpRequestException);
        Assert.Contains(errors, e => e.ResponseBody?.Contains("invalid api_key", StringComparison.Ordinal) == true);
        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("PostHog rejected the project API key (401)", StringComparison.Ordinal));
        SecretAssert.NotInLogs(records, ApiKey);
        SecretAssert.NotInErrors(errors, ApiKey);
        Assert.DoesNotContain(ApiKey, exporter.GetDiagnostics().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, refused.GetDiagnostics().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, options.ToString(), StringComparison.Ordinal);
        output.WriteLine($"{records.Count} log lines and {errors.Count} error reports checked: {string.Join(", ", reasons)}");
    }

    /// <summary>
    /// 300 random traces whose inputs, outputs, error messages, instructions, prompts and message-list mutations
    /// carry unique markers, in every span type and many value shapes, with updates, event spans and open spans that
    /// shutdown aborts. With privacy mode on, no marker is in any gunzipped request body (nor in any log line).
    /// The same traces without privacy mode show every marker where content is sent, so the check can fail.
    /// </summary>
    [Fact]
    public async Task With_privacy_mode_no_input_output_error_or_prompt_text_of_fuzzed_traces_reaches_the_wire()
    {
        var (privateBodies, privateLogs, markers) = await SendFuzzedTraces(privacy: true);
        var (openBodies, _, _) = await SendFuzzedTraces(privacy: false);

        var sent = markers.Where(m => m.SentWithoutPrivacy).Select(m => m.Marker).ToList();
        Assert.True(sent.Count > 1_000, $"only {sent.Count} markers would be sent");
        Assert.All(sent, marker => Assert.Contains(marker, openBodies, StringComparison.Ordinal));
        Assert.All(markers, m => Assert.DoesNotContain(m.Marker, privateBodies, StringComparison.Ordinal));
        Assert.DoesNotContain("PRIVATE", privateBodies, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", privateLogs, StringComparison.Ordinal);
        Assert.Contains("metadata is kept", privateBodies, StringComparison.Ordinal);
        output.WriteLine($"{markers.Count} markers, {sent.Count} of them sent without privacy mode; {privateBodies.Length:N0} characters of private bodies checked.");
    }

    /// <summary>
    /// TLS validation is never turned off: no source file sets a certificate callback, the client's own handler uses the
    /// platform's validation, and a server with a self-signed certificate never receives a request.
    /// </summary>
    [Fact]
    public async Task Tls_certificate_validation_is_never_turned_off()
    {
        string[] forbidden =
        [
            "ServerCertificateCustomValidationCallback", "RemoteCertificateValidationCallback", "DangerousAcceptAnyServerCertificateValidator",
            "CertificateRevocationCheckMode.NoCheck", "CertificateChainPolicy", "SslProtocols.None",
        ];
        var sources = SourceFiles.Read("src");
        Assert.NotEmpty(sources);
        Assert.Empty(sources.SelectMany(f => forbidden.Where(f.Text.Contains).Select(api => $"{f.Path}: {api}")));

        using var handler = PostHogClient.CreateDefaultHandler();
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Null(sockets.SslOptions.RemoteCertificateValidationCallback);
        Assert.False(sockets.AllowAutoRedirect);

        using var certificate = SelfSignedCertificate();
        var reached = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        await using var app = builder.Build();
        app.Run(context =>
        {
            Interlocked.Increment(ref reached);
            return context.Response.WriteAsync("{\"status\":1}");
        });
        await app.StartAsync();
        var host = app.Urls.First().Replace("http://", "https://", StringComparison.Ordinal);

        var errors = new ConcurrentQueue<PostHogDeliveryError>();
        await using var client = new PostHogClient(new PostHogClientOptions { ApiKey = ApiKey, Host = host, MaxRetries = 0, OnError = errors.Enqueue });
        client.CaptureAi(new PostHogEvent { EventName = "$ai_span", DistinctId = "tls" });
        var flushed = await client.FlushAsync().WaitAsync(Safety);

        Assert.Equal(new PostHogFlushResult(0, 1, 0), flushed);
        Assert.Equal(0, Volatile.Read(ref reached));
        var error = Assert.Single(errors);
        Assert.IsType<AuthenticationException>(error.Exception?.InnerException);
    }

    private static async Task<(string Bodies, string Logs, System.Collections.Generic.List<(string Marker, bool SentWithoutPrivacy)> Markers)> SendFuzzedTraces(bool privacy)
    {
        await using var server = await FakePostHogServer.StartAsync();
        var logger = new FakeLogger();
        var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            EnablePrivacyMode = privacy,
            FlushAt = 200,
            Logger = logger,
            LogLevel = LogLevel.Trace,
            GetEnvironmentVariable = _ => null,
        });
        var fuzzer = new PrivacyFuzzer(seed: 6);
        var traces = Enumerable.Range(0, 300).Select(t => fuzzer.Trace("private-" + t)).ToList();
        foreach (var e in TraceFactory.Interleave(traces, new Random(6), window: 16))
        {
            await exporter.ExportTracingEventAsync(e);
        }

        await exporter.ShutdownAsync().WaitAsync(Safety);
        Assert.Equal(0, exporter.GetDiagnostics().EventsFailed + exporter.GetDiagnostics().EventsUnsent);
        var bodies = string.Join("\n", server.Requests.Select(r => r.BodyText));
        var logs = string.Join("\n", logger.Collector.GetSnapshot().Select(r => r.Message + r.Exception));
        return (bodies, logs, fuzzer.Markers);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
