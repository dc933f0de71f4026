using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Serialization;

/// <summary>The recorded-trace reader: JSON lines or a JSON array, with bad lines skipped and reported.</summary>
public class RecordedTraceTests
{
    private static readonly string Started = Compact(TestFiles.Json("Example1.json")[0]!);
    private static readonly string Updated = Compact(TestFiles.Json("Example2.json"));
    private static readonly string Ended = Compact(TestFiles.Json("Example1.json")[10]!);
    private static readonly string Feedback = Compact(TestFiles.Json("Example3.json"));

    private static string Compact(JsonNode node) => node.ToJsonString();

    private static List<RecordedTraceEntry> Read(string text) => RecordedTrace.Read(new StringReader(text)).ToList();

    [Fact]
    public void Reads_json_lines_with_good_bad_unknown_feedback_and_blank_lines()
    {
        var text = string.Join("\n",
            Started,                                    // 1
            "",                                         // 2 blank
            Updated,                                    // 3
            "{\"type\": \"span_started\", \"exportedSpan\": {", // 4 malformed
            "   \t ",                                   // 5 blank
            """{"type": "span_paused", "exportedSpan": {}}""", // 6 unknown type
            Feedback,                                   // 7
            Ended,                                      // 8
            "");

        var entries = Read(text);

        Assert.Equal([1, 3, 4, 6, 7, 8], entries.Select(e => e.LineNumber).ToArray());

        Assert.False(entries[0].IsSkipped);
        Assert.Null(entries[0].SkipReason);
        Assert.Null(entries[0].SkipMessage);
        Assert.Null(entries[0].FeedbackEvent);
        Assert.Equal(TracingEventType.SpanStarted, entries[0].TracingEvent!.Type);
        Assert.Equal("e9be30e345c5c880", entries[0].TracingEvent!.ExportedSpan.Id);

        Assert.Equal(TracingEventType.SpanUpdated, entries[1].TracingEvent!.Type);
        Assert.Equal("49c41e57-3186-4991-9bab-dc35e3410d95", ((ModelStepAttributes)entries[1].TracingEvent!.ExportedSpan.Attributes!).MessageId);

        Assert.True(entries[2].IsSkipped);
        Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[2].SkipReason);
        Assert.False(string.IsNullOrEmpty(entries[2].SkipMessage));
        Assert.Null(entries[2].TracingEvent);
        Assert.Null(entries[2].FeedbackEvent);

        Assert.True(entries[3].IsSkipped);
        Assert.Equal(RecordedTraceSkipReason.UnknownType, entries[3].SkipReason);
        Assert.Equal("Unknown event type 'span_paused'.", entries[3].SkipMessage);

        Assert.Null(entries[4].TracingEvent);
        Assert.Equal("feedback-1", entries[4].FeedbackEvent!.Feedback.FeedbackId);
        Assert.Equal(FeedbackValue.FromText("down"), entries[4].FeedbackEvent!.Feedback.Value);

        Assert.Equal(TracingEventType.SpanEnded, entries[5].TracingEvent!.Type);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 2, TimeSpan.Zero), entries[5].TracingEvent!.ExportedSpan.EndTime);
    }

    [Fact]
    public void Reads_example1_as_json_lines_in_order()
    {
        var lines = TestFiles.Json("Example1.json").AsArray().Select(e => Compact(e!)).ToList();

        var entries = Read(string.Join("\r\n", lines) + "\r\n");

        Assert.Equal(Enumerable.Range(1, 11), entries.Select(e => e.LineNumber));
        Assert.All(entries, e => Assert.NotNull(e.TracingEvent));
        Assert.Equal(
            ["e9be30e345c5c880", "644de520ebe6e3bd", "033d850bc7f8f975", "692938fc36057321", "692938fc36057321", "36217cd2cdcd9a5b", "033d850bc7f8f975", "3fdcdc2e95c51822", "3fdcdc2e95c51822", "644de520ebe6e3bd", "e9be30e345c5c880"],
            entries.Select(e => e.TracingEvent!.ExportedSpan.Id).ToArray());
        for (var i = 0; i < lines.Count; i++)
        {
            AssertJson.Equal(JsonNode.Parse(lines[i]), JsonNode.Parse(JsonSerializer.Serialize(entries[i].TracingEvent, TracingJson.Options)));
        }
    }

    [Theory]
    [InlineData("not json", RecordedTraceSkipReason.MalformedJson)]
    [InlineData("{\"type\": \"span_started\",}", RecordedTraceSkipReason.MalformedJson)]
    [InlineData("{\"type\": \"feedback\"} trailing", RecordedTraceSkipReason.MalformedJson)]
    [InlineData("42", RecordedTraceSkipReason.MalformedJson)]
    [InlineData("\"span_started\"", RecordedTraceSkipReason.MalformedJson)]
    [InlineData("null", RecordedTraceSkipReason.MalformedJson)]
    [InlineData("{}", RecordedTraceSkipReason.UnknownType)]
    [InlineData("{\"type\": null}", RecordedTraceSkipReason.UnknownType)]
    [InlineData("{\"type\": 1}", RecordedTraceSkipReason.UnknownType)]
    [InlineData("{\"type\": \"SPAN_STARTED\"}", RecordedTraceSkipReason.UnknownType)]
    [InlineData("{\"type\": \"span_started\"}", RecordedTraceSkipReason.InvalidEvent)]
    [InlineData("{\"type\": \"span_ended\", \"exportedSpan\": {\"id\": \"s\", \"traceId\": \"t\", \"name\": \"n\", \"type\": \"generic\", \"startTime\": \"yesterday\"}}", RecordedTraceSkipReason.InvalidEvent)]
    [InlineData("{\"type\": \"span_ended\", \"exportedSpan\": []}", RecordedTraceSkipReason.InvalidEvent)]
    [InlineData("{\"type\": \"feedback\", \"feedback\": {\"value\": true}}", RecordedTraceSkipReason.InvalidEvent)]
    [InlineData("{\"type\": \"feedback\"}", RecordedTraceSkipReason.InvalidEvent)]
    public void A_bad_line_is_skipped_and_reading_goes_on(string line, RecordedTraceSkipReason reason)
    {
        var entries = Read(line + "\n" + Started);

        Assert.Equal(2, entries.Count);
        Assert.Equal(1, entries[0].LineNumber);
        Assert.Equal(reason, entries[0].SkipReason);
        Assert.True(entries[0].IsSkipped);
        Assert.NotNull(entries[0].SkipMessage);
        Assert.Null(entries[0].TracingEvent);
        Assert.Null(entries[0].FeedbackEvent);
        Assert.Equal(2, entries[1].LineNumber);
        Assert.Equal("e9be30e345c5c880", entries[1].TracingEvent!.ExportedSpan.Id);
    }

    [Fact]
    public void A_line_with_a_duplicate_key_is_skipped()
    {
        var entries = Read("{\"type\": \"span_started\", \"type\": \"span_ended\", \"exportedSpan\": {}}\n" + Started);

        Assert.Equal(2, entries.Count);
        Assert.True(entries[0].IsSkipped);
        Assert.Equal(RecordedTraceSkipReason.InvalidEvent, entries[0].SkipReason);
        Assert.NotNull(entries[1].TracingEvent);
    }

    [Fact]
    public void Unknown_span_types_are_read_not_skipped()
    {
        var entries = Read(SpanFixtures.Event("future_span_kind").ToJsonString());

        Assert.Equal("future_span_kind", Assert.Single(entries).TracingEvent!.ExportedSpan.Type.Value);
    }

    [Fact]
    public void An_empty_or_blank_input_gives_no_entries()
    {
        Assert.Empty(Read(""));
        Assert.Empty(Read("\n\n  \r\n\t\n"));
    }

    [Fact]
    public void Reads_a_json_array_with_index_as_line_number()
    {
        var entries = Read(TestFiles.Text("Example1.json"));

        Assert.Equal(Enumerable.Range(1, 11), entries.Select(e => e.LineNumber));
        Assert.All(entries, e => Assert.False(e.IsSkipped));
        Assert.Equal(TracingEventType.SpanStarted, entries[0].TracingEvent!.Type);
        Assert.Equal(SpanType.AgentRun, entries[0].TracingEvent!.ExportedSpan.Type);
        Assert.Equal(TracingEventType.SpanEnded, entries[10].TracingEvent!.Type);
        Assert.True(entries[5].TracingEvent!.ExportedSpan.IsEvent);
    }

    [Fact]
    public void A_json_array_may_mix_event_kinds_and_bad_elements()
    {
        var text = $$"""

              [
              {{Started}},
              {"type": "span_paused"},
              {{Feedback}},
              42,
              {"type": "span_ended", "exportedSpan": {"startTime": false} },
              {{Ended}}
            ]

            """;

        var entries = Read(text);

        Assert.Equal([1, 2, 3, 4, 5, 6], entries.Select(e => e.LineNumber).ToArray());
        Assert.NotNull(entries[0].TracingEvent);
        Assert.Equal(RecordedTraceSkipReason.UnknownType, entries[1].SkipReason);
        Assert.Equal("feedback-1", entries[2].FeedbackEvent!.Feedback.FeedbackId);
        Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[3].SkipReason);
        Assert.Equal("Expected a JSON object, found Number.", entries[3].SkipMessage);
        Assert.Equal(RecordedTraceSkipReason.InvalidEvent, entries[4].SkipReason);
        Assert.Equal("e9be30e345c5c880", entries[5].TracingEvent!.ExportedSpan.Id);
    }

    [Fact]
    public void A_broken_json_array_keeps_the_elements_before_the_break()
    {
        var entries = Read($"[{Started}, {Updated}, {{\"type\": \"span_ended\" \"x\": 1}}, {Ended}]");

        Assert.Equal(3, entries.Count);
        Assert.NotNull(entries[0].TracingEvent);
        Assert.NotNull(entries[1].TracingEvent);
        Assert.Equal(3, entries[2].LineNumber);
        Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[2].SkipReason);
    }

    [Fact]
    public void A_truncated_json_array_reports_the_missing_end()
    {
        var entries = Read($"[{Started}, {Updated}");

        Assert.Equal(3, entries.Count);
        Assert.NotNull(entries[1].TracingEvent);
        Assert.Equal(3, entries[2].LineNumber);
        Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[2].SkipReason);
    }

    [Fact]
    public void Content_after_a_json_array_is_reported()
    {
        var entries = Read($"[{Started}]\n{Ended}");

        Assert.Equal(2, entries.Count);
        Assert.NotNull(entries[0].TracingEvent);
        Assert.Equal(2, entries[1].LineNumber);
        Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[1].SkipReason);
    }

    [Fact]
    public void An_empty_json_array_gives_no_entries()
    {
        Assert.Empty(Read("[]"));
        Assert.Empty(Read("\n [ \n ] \n"));
    }

    [Fact]
    public void A_line_array_after_the_first_line_is_not_an_array_file()
    {
        var entries = Read($"{Started}\n[{Ended}]");

        Assert.Equal(2, entries.Count);
        Assert.NotNull(entries[0].TracingEvent);
        Assert.Equal(2, entries[1].LineNumber);
        Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[1].SkipReason);
        Assert.Equal("Expected a JSON object, found Array.", entries[1].SkipMessage);
    }

    [Fact]
    public void ReadFile_reads_a_utf8_file_with_a_byte_order_mark()
    {
        var path = Path.Combine(Path.GetTempPath(), $"agent-tracing-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, $"{Started}\n\nnot json\n{Feedback}\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            var entries = RecordedTrace.ReadFile(path).ToList();

            Assert.Equal([1, 3, 4], entries.Select(e => e.LineNumber).ToArray());
            Assert.NotNull(entries[0].TracingEvent);
            Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[1].SkipReason);
            Assert.NotNull(entries[2].FeedbackEvent);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_reads_the_example_array_file_and_closes_it()
    {
        // A copy of its own: other tests read the shared example file at the same time, which would make the
        // exclusive open below fail for a reason that is not this reader's.
        var path = Path.Combine(Path.GetTempPath(), "recorded-" + Guid.NewGuid().ToString("N") + ".json");
        File.Copy(TestFiles.PathOf("Example1.json"), path);
        try
        {
            Assert.Equal(11, RecordedTrace.ReadFile(path).Count(e => e.TracingEvent is not null));
            using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_reader_without_byte_order_mark_detection_still_reads_the_first_line()
    {
        var entries = Read("\uFEFF" + Started);

        Assert.NotNull(Assert.Single(entries).TracingEvent);
    }

    [Fact]
    public async Task ReadAsync_reads_json_lines_from_a_stream_and_leaves_it_open()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes($"\n{Started}\n{{oops\n{Feedback}"));

        var entries = new List<RecordedTraceEntry>();
        await foreach (var entry in RecordedTrace.ReadAsync(stream))
        {
            entries.Add(entry);
        }

        Assert.Equal([2, 3, 4], entries.Select(e => e.LineNumber).ToArray());
        Assert.NotNull(entries[0].TracingEvent);
        Assert.Equal(RecordedTraceSkipReason.MalformedJson, entries[1].SkipReason);
        Assert.NotNull(entries[2].FeedbackEvent);
        Assert.True(stream.CanRead);
    }

    [Fact]
    public async Task ReadAsync_reads_a_json_array_from_a_stream()
    {
        using var stream = File.OpenRead(TestFiles.PathOf("Example1.json"));

        var entries = new List<RecordedTraceEntry>();
        await foreach (var entry in RecordedTrace.ReadAsync(stream))
        {
            entries.Add(entry);
        }

        Assert.Equal(Enumerable.Range(1, 11), entries.Select(e => e.LineNumber));
        Assert.All(entries, e => Assert.NotNull(e.TracingEvent));
    }

    [Fact]
    public async Task ReadAsync_stops_when_cancelled()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes($"{Started}\n{Ended}\n"));
        using var cancellation = new CancellationTokenSource();

        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var entry in RecordedTrace.ReadAsync(stream, cancellation.Token))
            {
                read++;
                cancellation.Cancel();
            }
        });
        Assert.Equal(1, read);
    }

    [Fact]
    public void Null_arguments_throw_at_once()
    {
        Assert.Throws<ArgumentNullException>(() => RecordedTrace.Read(null!));
        Assert.Throws<ArgumentNullException>(() => RecordedTrace.ReadFile(null!));
        Assert.Throws<ArgumentNullException>(() => RecordedTrace.ReadAsync(null!));
    }

    [Fact]
    public void Reading_is_lazy()
    {
        var reader = new CountingReader($"{Started}\n{Ended}\n");

        using var enumerator = RecordedTrace.Read(reader).GetEnumerator();
        Assert.Equal(0, reader.Lines);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(1, reader.Lines);
    }

    [Fact]
    public void Entry_ToString_names_the_line_and_its_content()
    {
        var entries = Read($"{Started}\n{Feedback}\n{{}}");

        Assert.Equal("1: SpanStarted agent_run 'agent run: 'weather-agent'' (0c831f7486dad4be14a37cc20acbc9bb/e9be30e345c5c880)", entries[0].ToString());
        Assert.Equal("2: feedback feedback-1", entries[1].ToString());
        Assert.Equal("3: skipped (UnknownType): The event has no string 'type'.", entries[2].ToString());
    }

    private sealed class CountingReader(string text) : TextReader
    {
        private readonly StringReader _inner = new(text);

        public int Lines { get; private set; }

        public override string? ReadLine()
        {
            Lines++;
            return _inner.ReadLine();
        }

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
