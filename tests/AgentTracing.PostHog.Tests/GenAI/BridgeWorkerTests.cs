using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.Support;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// Over a <see cref="PosthogExporter"/> the bridge converts activities after their callbacks return. Here it has no
/// worker thread, so each test decides when the queued conversions run: a flush, a shutdown, disposing the bridge, or a
/// caller that finds the queue full.
/// </summary>
[Collection(GenAICollection.Name)]
public sealed class BridgeWorkerTests : IAsyncLifetime
{
    private const string SourceName = "Test.GenAI.Worker";
    private static readonly ActivitySource Source = new(SourceName);
    private static readonly AsyncLocal<string?> AppUser = new();
    private readonly List<string> _received = [];
    private readonly List<ExportedSpan> _snapshots = [];
    private FakePostHogServer _server = null!;
    private PosthogExporter _exporter = null!;
    private GenAIActivityBridge _bridge = null!;

    public async Task InitializeAsync()
    {
        _server = await FakePostHogServer.StartAsync();
        _exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = "phc_worker_test",
            Host = _server.BaseUrl,
            FlushAt = 1000,
            FlushInterval = TimeSpan.FromMinutes(5),
            GetEnvironmentVariable = _ => null,
            SpanFormatter = span =>
            {
                // The order in which the exporter receives the bridge's snapshots.
                lock (_received)
                {
                    _received.Add((span.EndTime is null ? "start " : "end ") + span.Name);
                    _snapshots.Add(span);
                }

                return span;
            },
        });
        var options = new GenAIActivityBridgeOptions { UserIdResolver = _ => AppUser.Value };
        options.SourceNames.Clear();
        options.SourceNames.Add("Test.GenAI.*");
        _bridge = new GenAIActivityBridge(_exporter, options, ownsExporter: false, startWorker: false);
    }

    public async Task DisposeAsync()
    {
        _bridge.Dispose();
        await _exporter.ShutdownAsync();
        await _server.DisposeAsync();
    }

    private static Activity Chat(string name)
    {
        var chat = Source.StartActivity(name, ActivityKind.Client)!;
        chat.SetTag("gen_ai.operation.name", "chat");
        chat.SetTag("gen_ai.request.model", "gpt-4o");
        chat.SetTag("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]""");
        chat.SetTag("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Sunny."}]}]""");
        chat.Stop();
        return chat;
    }

    private IReadOnlyList<JsonObject> Sent() => _server.Requests.SelectMany(r => r.Batch).Select(e => e!.AsObject()).ToList();

    [Fact]
    public async Task The_callbacks_only_queue_the_conversion_and_a_flush_sends_it_first()
    {
        var chat = Chat("chat gpt-4o");

        // Nothing reached the exporter yet: the conversion waits for the worker, which is held back.
        Assert.Equal(2, _bridge.Converter.QueuedCount);
        Assert.Empty(_received);

        await _exporter.FlushAsync();

        Assert.Equal(0, _bridge.Converter.QueuedCount);
        Assert.Equal(["start chat gpt-4o", "end chat gpt-4o"], _received);
        var generation = Assert.Single(Sent());
        Assert.Equal("$ai_generation", (string?)generation["event"]);
        var properties = generation["properties"]!.AsObject();
        Assert.Equal(chat.SpanId.ToHexString(), (string?)properties["$ai_generation_id"]);
        Assert.Equal("gpt-4o", (string?)properties["$ai_model"]);
        JsonAssert.Equal("""[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]""", properties["$ai_input"]);
    }

    [Fact]
    public async Task A_start_converted_after_its_callback_carries_what_the_start_decided_and_the_end_everything()
    {
        AppUser.Value = "user-7";
        var chat = Chat("chat gpt-4o");

        await _exporter.FlushAsync();

        // By the time the worker converts the start, the activity has its messages and has even stopped: the start
        // snapshot does not read them, so it costs little, and the end snapshot carries them.
        var start = _snapshots[0];
        Assert.Null(start.EndTime);
        Assert.Equal((chat.SpanId.ToHexString(), chat.TraceId.ToHexString(), SpanType.ModelStep, true), (start.Id, start.TraceId, start.Type, start.IsRootSpan));
        Assert.Equal("user-7", (string?)start.Metadata?["userId"]);
        Assert.Null(start.Attributes);
        Assert.Null(start.Input);
        var end = _snapshots[1];
        Assert.Equal("gpt-4o", (string?)end.Attributes!.Json["model"]);
        Assert.NotNull(end.Input);
        Assert.NotNull(end.Output);
    }

    [Fact]
    public void A_stop_of_an_activity_the_converter_does_not_listen_to_is_not_queued()
    {
        // A span processor hands the converter every activity of the app, HTTP and database calls included.
        using var request = new Activity("GET /weather").Start();
        request.Stop();

        _bridge.Converter.OnActivityStarted(request);
        _bridge.Converter.OnActivityStopped(request);

        Assert.Equal(0, _bridge.Converter.QueuedCount);
    }

    [Fact]
    public async Task A_shutdown_sends_what_the_callbacks_queued()
    {
        var chat = Chat("chat gpt-4o");

        await _exporter.ShutdownAsync();

        var generation = Assert.Single(Sent());
        Assert.Equal(chat.SpanId.ToHexString(), (string?)generation["properties"]!["$ai_generation_id"]);
    }

    [Fact]
    public async Task Disposing_the_bridge_sends_what_the_callbacks_queued_and_later_flushes_no_longer_wait_for_it()
    {
        var chat = Chat("chat gpt-4o");

        _bridge.Dispose();
        Assert.Equal(0, _bridge.Converter.QueuedCount);
        await _exporter.FlushAsync();

        var generation = Assert.Single(Sent());
        Assert.Equal(chat.SpanId.ToHexString(), (string?)generation["properties"]!["$ai_generation_id"]);
    }

    [Fact]
    public async Task The_user_resolver_runs_on_the_application_thread_during_the_callback()
    {
        // The application's user lives in an async-local value of the request; the conversion runs later, elsewhere.
        await Task.Run(() =>
        {
            AppUser.Value = "user-7";
            Chat("chat gpt-4o");
        });
        Assert.Null(AppUser.Value);

        await _exporter.FlushAsync();

        Assert.Equal("user-7", (string?)Assert.Single(Sent())["distinct_id"]);
    }

    [Fact]
    public async Task A_full_queue_makes_the_caller_convert_the_oldest_activities_and_nothing_is_lost_or_reordered()
    {
        var chats = new List<Activity>();
        for (var i = 0; i < 600; i++)
        {
            chats.Add(Chat("chat " + i));
        }

        // 1,200 callbacks against a bound of 256 waiting conversions: with no worker to make room, each callback that
        // found 257 waiting ran the oldest until 128 were left. Eight times 129, and 168 still queued.
        Assert.Equal(256, GenAIActivityConverter.QueueCapacity);
        Assert.Equal(168, _bridge.Converter.QueuedCount);
        Assert.Equal(1032, _received.Count);

        await _exporter.FlushAsync();

        Assert.Equal(chats.SelectMany(c => new[] { "start " + c.DisplayName, "end " + c.DisplayName }), _received);
        Assert.Equal(
            chats.Select(c => c.SpanId.ToHexString()).Order(StringComparer.Ordinal),
            Sent().Select(e => (string)e["properties"]!["$ai_generation_id"]!).Order(StringComparer.Ordinal));
    }
}
