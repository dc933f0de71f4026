using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>Malformed input never throws, never costs a well-formed event, and is logged without flooding.</summary>
public sealed partial class BadInputTests(ITestOutputHelper output)
{
    private const string ApiKey = "phc_reliability_SECRET_badinput_0123456789";
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    /// <summary>
    /// 1,000 well-formed traces (10,000 PostHog events) interleaved with 10,000 generated malformed inputs of 23 kinds,
    /// through the exporter and the real client to a local server, on a fake clock that stands still: no call throws,
    /// every well-formed event arrives exactly once, every repairable one arrives, the client rejects nothing, and
    /// each kind of bad input is logged exactly once. Ten seconds later one more input of each kind logs one more line
    /// per kind, carrying the exact number of occurrences since the first.
    /// </summary>
    [Fact]
    public async Task Ten_thousand_malformed_inputs_never_throw_cost_no_well_formed_event_and_are_logged_once_per_kind_per_ten_seconds_with_their_count()
    {
        const int Traces = 1_000;
        const int Children = 9;
        const int BadInputs = 10_000;
        await using var server = await FakePostHogServer.StartAsync();
        var time = new FakeTimeProvider(Spans.T0);
        var logger = new FakeLogger();
        var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            FlushAt = 100,
            Logger = logger,
            LogLevel = LogLevel.Trace,
            TimeProvider = time,
            GetEnvironmentVariable = _ => null,
        });

        // The malformed inputs go inside well-formed traces, after the root starts and before it ends.
        var random = new Random(6_4);
        var factory = new BadInputFactory();
        var kinds = Enum.GetValues<BadInputKind>();
        var cheapKinds = kinds.Where(k => k != BadInputKind.TenMegabyteString).ToArray();
        var traces = Enumerable.Range(0, Traces).Select(t => TraceFactory.Trace("bad-input-" + t, Children, input: "hello " + t, output: "bye " + t)).ToList();
        var bad = new List<BadInput>(BadInputs);
        for (var i = 0; i < BadInputs; i++)
        {
            // 10 MB strings are costly to scan and send: one input in 200; the other kinds equally often.
            var kind = random.Next(200) == 0 ? BadInputKind.TenMegabyteString : cheapKinds[random.Next(cheapKinds.Length)];
            var t = random.Next(Traces);
            var trace = traces[t];
            var input = factory.Create(kind, "bad-input-" + t, TraceFactory.SpanId("bad-input-" + t, -1));
            bad.Add(input);
            trace.InsertRange(1 + random.Next(trace.Count - 1), input.Events!);
        }

        var clock = Stopwatch.StartNew();
        var exported = 0;
        foreach (var e in TraceFactory.Interleave(traces, random, window: 32))
        {
            var call = exporter.ExportTracingEventAsync(e!);
            Assert.True(call.IsCompletedSuccessfully);
            await call;
            exported++;
        }

        await exporter.FlushAsync().WaitAsync(Safety);
        var firstWindow = logger.Collector.GetSnapshot();

        // Ten seconds later: one more input of each kind of line.
        time.Advance(LogRateLimiter.Interval);
        var again = kinds.GroupBy(BadInputFactory.LogEventId).Select(g => factory.Create(g.First(), "bad-input-later", "bad-input-later-root")).ToList();
        var later = TraceFactory.Trace("bad-input-later", 1);
        later.InsertRange(1, again.SelectMany(b => b.Events)!);
        foreach (var e in later)
        {
            await exporter.ExportTracingEventAsync(e!);
        }

        await exporter.FlushAsync().WaitAsync(Safety);
        await exporter.ShutdownAsync().WaitAsync(Safety);
        clock.Stop();

        // Every well-formed event arrived exactly once; every repaired one arrived.
        var arrived = server.Requests.SelectMany(r => r.Batch).GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
        for (var t = 0; t < Traces; t++)
        {
            var traceId = "bad-input-" + t;
            Assert.Equal(1, arrived.GetValueOrDefault(traceId + "/" + traceId));
            for (var c = 0; c < Children; c++)
            {
                Assert.Equal(1, arrived.GetValueOrDefault(traceId + "/" + TraceFactory.SpanId(traceId, c)));
            }
        }

        var arrivedSpans = arrived.Keys.Select(k => k[(k.IndexOf('/', StringComparison.Ordinal) + 1)..]).ToHashSet(StringComparer.Ordinal);
        foreach (var input in bad.Concat(again).Where(b => b.Arrives))
        {
            Assert.True(arrivedSpans.Contains(input.SpanId!), $"{input.Kind} {input.SpanId} did not arrive");
        }

        // Nothing was rejected or failed by the client, and no body carries an escaped lone surrogate.
        var diagnostics = exporter.GetDiagnostics();
        Assert.Equal(0, diagnostics.EventsRejectedInvalid);
        Assert.Equal(0, diagnostics.EventsDroppedTooLarge);
        Assert.Equal(0, diagnostics.EventsFailed);
        Assert.Equal(diagnostics.EventsEnqueued, diagnostics.EventsSent);
        Assert.All(server.Requests, r => Assert.DoesNotMatch(EscapedSurrogate(), r.BodyText));

        // Each kind: exactly one line in the first window (count 1), one in the second with the rest of the count.
        var expected = bad.GroupBy(b => BadInputFactory.LogEventId(b.Kind)).ToDictionary(g => g.Key, g => g.Count());
        var all = logger.Collector.GetSnapshot();
        Assert.DoesNotContain(all, r => r.Level >= LogLevel.Error);
        foreach (var (eventId, count) in expected)
        {
            var first = Assert.Single(firstWindow, r => r.Id.Id == eventId);
            Assert.EndsWith("; 1 since the last report", first.Message, StringComparison.Ordinal);
            var lines = all.Where(r => r.Id.Id == eventId).ToList();
            Assert.Equal(2, lines.Count);
            Assert.EndsWith($"; {count} since the last report", lines[1].Message, StringComparison.Ordinal);
        }

        SecretAssert.NotInLogs(all, ApiKey);
        output.WriteLine($"{exported} tracing events ({bad.Sum(b => b.Events.Count)} of them malformed, in {bad.Count} inputs) in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"{diagnostics.EventsSent} PostHog events sent; {all.Count} log lines. Per kind: " +
            string.Join(", ", bad.GroupBy(b => b.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        foreach (var line in all.Where(r => expected.ContainsKey(r.Id.Id)))
        {
            output.WriteLine($"{line.Level} {line.Message}");
        }
    }

    [Fact]
    public async Task Lone_surrogates_from_clr_strings_and_from_parsed_json_reach_the_server_as_U_FFFD_and_the_event_is_accepted()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var logger = new FakeLogger();
        var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            Logger = logger,
            LogLevel = LogLevel.Trace,
            GetEnvironmentVariable = _ => null,
        });

        var clr = Spans.Span("clr", "model_generation", parent: "elsewhere", name: "name \uD83D", input: "in \uDE00 put",
            output: new Dictionary<string, object?> { ["text"] = "out \uD83D" }, attr: """{"model":"gpt-4o","provider":"openai"}""",
            meta: """{"note":"meta"}""");
        clr.Metadata!["clr"] = "meta \uDE00";
        clr.Metadata["key \uD800"] = "in a key";
        using var element = JsonDocument.Parse("""{"key \ud83d":"value \udc00","list":["\ud83d"]}""");
        clr.Metadata["element"] = element.RootElement;
        var parsed = JsonSerializer.Deserialize<TracingEvent>("""
            {"type":"span_ended","exportedSpan":{"id":"parsed","traceId":"t1","parentSpanId":"elsewhere","name":"n","type":"model_generation",
             "startTime":"2025-01-01T00:00:00.000Z","endTime":"2025-01-01T00:00:01.000Z","input":"in \ud83d put",
             "output":{"text":"out \udc00","toolCalls":[]},"attributes":{"model":"gpt \ud83d","provider":"openai"},
             "metadata":{"userId":"user \ud83d","sessionId":"session \udc00","note":"meta \ud83d","nested":{"key \ud83d":1}}}}
            """, TracingJson.Options)!;
        await exporter.ExportTracingEventAsync(Spans.End(clr, keepInput: true));
        await exporter.ExportTracingEventAsync(parsed);
        await exporter.FlushAsync().WaitAsync(Safety);
        await exporter.ShutdownAsync();

        var events = server.Requests.SelectMany(r => r.Batch).ToDictionary(e => (string)e!["properties"]!["$ai_generation_id"]!);
        JsonAssert.Contains("""
            {"$ai_input":[{"role":"user","content":[{"type":"text","text":"in \uFFFD put"}]}],
             "$ai_output_choices":[{"role":"assistant","content":[{"type":"text","text":"out \uFFFD"}]}],"clr":"meta \uFFFD","key \uFFFD":"in a key",
             "element":{"key \uFFFD":"value \uFFFD","list":["\uFFFD"]}}
            """, events["clr"]!["properties"]!.AsObject());
        JsonAssert.Contains("""
            {"$ai_model":"gpt \uFFFD","$ai_session_id":"session \uFFFD","note":"meta \uFFFD",
             "$ai_input":[{"role":"user","content":[{"type":"text","text":"in \uFFFD put"}]}],
             "$ai_output_choices":[{"role":"assistant","content":[{"type":"text","text":"out \uFFFD"}]}]}
            """, events["parsed"]!["properties"]!.AsObject());
        Assert.Equal("user \uFFFD", (string?)events["parsed"]!["distinct_id"]);

        // A parsed JsonObject whose key holds a lone surrogate cannot even be enumerated: that one value becomes a placeholder.
        Assert.Equal("[Non-serializable JsonObject]", (string?)events["parsed"]!["properties"]!["nested"]);
        Assert.All(server.Requests, r => Assert.DoesNotMatch(EscapedSurrogate(), r.BodyText));
        var diagnostics = exporter.GetDiagnostics();
        Assert.Equal((2, 0, 0), (diagnostics.EventsSent, diagnostics.EventsRejectedInvalid, diagnostics.EventsFailed));
        // Two events with lone surrogates within 10 s: one line.
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 30);
    }

    [Fact]
    public async Task Even_a_logger_that_throws_on_every_line_never_makes_an_export_throw_or_lose_an_event()
    {
        await using var server = await FakePostHogServer.StartAsync();
        var logger = new ThrowingLogger();
        var exporter = new PosthogExporter(new PosthogExporterOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            Logger = logger,
            LogLevel = LogLevel.Trace,
            GetEnvironmentVariable = _ => null,
        });
        var factory = new BadInputFactory();
        var trace = TraceFactory.Trace("throwing-logger", 3);
        var bad = Enum.GetValues<BadInputKind>().Select(k => factory.Create(k, "throwing-logger", TraceFactory.SpanId("throwing-logger", -1))).ToList();
        trace.InsertRange(1, bad.SelectMany(b => b.Events)!);

        foreach (var e in trace)
        {
            await exporter.ExportTracingEventAsync(e!);
        }

        await exporter.ExportFeedbackAsync(null!);
        await exporter.FlushAsync().WaitAsync(Safety);
        await exporter.ShutdownAsync().WaitAsync(Safety);

        var arrived = server.Requests.SelectMany(r => r.Batch).Select(Key).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("throwing-logger/throwing-logger", arrived);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Contains("throwing-logger/" + TraceFactory.SpanId("throwing-logger", c), arrived));
        Assert.All(bad.Where(b => b.Arrives), b => Assert.Contains("throwing-logger/" + b.SpanId, arrived));
        Assert.True(logger.Calls > 10, $"the logger was called {logger.Calls} times");
    }

    [Fact]
    public void Unpaired_surrogates_are_replaced_and_pairs_kept()
    {
        // Not a theory: test-case serialisation does not carry lone surrogates intact.
        (string Input, string Expected)[] cases =
        [
            ("plain", "plain"),
            ("pair \uD83D\uDE00 kept", "pair \uD83D\uDE00 kept"),
            ("\uD83D", "\uFFFD"),
            ("\uDE00", "\uFFFD"),
            ("end \uD83D", "end \uFFFD"),
            ("\uDE00\uD83D reversed", "\uFFFD\uFFFD reversed"),
            ("\uD83D\uD83D\uDE00", "\uFFFD\uD83D\uDE00"),

            // The ends of the surrogate range, and the characters just outside it.
            ("\uD7FF \uD800 \uDBFF \uDC00 \uDFFF \uE000", "\uD7FF \uFFFD \uFFFD \uFFFD \uFFFD \uE000"),
            ("\uDBFF\uDFFF", "\uDBFF\uDFFF"),
            ("\uD800\uDC00", "\uD800\uDC00"),
            (new string('a', 300) + "\uD83D\uDE00" + new string('b', 300) + "\uDFFF", new string('a', 300) + "\uD83D\uDE00" + new string('b', 300) + "\uFFFD"),
        ];
        foreach (var (input, expected) in cases)
        {
            var result = StringLimits.ReplaceLoneSurrogates(input);

            Assert.Equal(expected, result);
            Assert.Equal(input == expected, ReferenceEquals(input, result));
        }
    }

    /// <summary>A JSON escape of a UTF-16 surrogate (<c>\ud83d</c>), which PostHog's JSON parser rejects when unpaired.</summary>
    [GeneratedRegex(@"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")]
    private static partial Regex EscapedSurrogate();

    /// <summary>The trace id and the span id of a PostHog event (the trace id for <c>$ai_trace</c>).</summary>
    private static string Key(JsonNode? evt)
    {
        var properties = evt!["properties"]!;
        var trace = (string?)properties["$ai_trace_id"] ?? "";
        var span = (string?)properties["$ai_span_id"] ?? (string?)properties["$ai_generation_id"] ?? trace;
        return trace + "/" + span;
    }
}
