using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Serialization;

/// <summary>
/// A recorded trace never throws on a line, whatever the line holds: unpaired UTF-16 surrogates, duplicate keys,
/// nesting past the parser's limit. The line is skipped with its reason, and reading goes on.
/// </summary>
public class RecordedTraceHostileLineTests
{
    private static readonly string Started = TestFiles.Json("Example1.json")[0]!.ToJsonString();

    /// <summary>A started span whose <paramref name="spanMember"/> is written verbatim (for duplicate keys deep inside).</summary>
    private static string StartedWith(string spanMember) =>
        "{\"type\":\"span_started\",\"exportedSpan\":{\"id\":\"s1\",\"traceId\":\"t1\",\"name\":\"n\",\"type\":\"generic\",\"startTime\":\"2026-01-01T00:00:00Z\"," + spanMember + "}}";

    // Theory data travels through xUnit's serialisation, which repairs unpaired surrogates: "<HI>" and "<LO>" stand for
    // them and are put in by Hostile().
    public static TheoryData<string, string, RecordedTraceSkipReason?> HostileLines => new()
    {
        { "lone high surrogate in a valid span's input", StartedWith("\"input\":\"a<HI>b\""), RecordedTraceSkipReason.MalformedJson },
        { "lone low surrogate in a metadata key", StartedWith("\"metadata\":{\"<LO>\":1}"), RecordedTraceSkipReason.MalformedJson },
        { "lone high surrogate at the end", "{\"type\":\"span_started\"}<HI>", RecordedTraceSkipReason.MalformedJson },
        { "reversed surrogate pair", "{\"type\":\"feedback\",\"v\":\"<LO><HI>\"}", RecordedTraceSkipReason.MalformedJson },
        { "duplicate top-level key", "{\"type\":\"span_started\",\"exportedSpan\":{},\"exportedSpan\":{}}", RecordedTraceSkipReason.InvalidEvent },
        { "duplicate key in the span", StartedWith("\"name\":\"again\""), RecordedTraceSkipReason.InvalidEvent },
        { "duplicate key in metadata", StartedWith("\"metadata\":{\"k\":1,\"k\":2}"), RecordedTraceSkipReason.InvalidEvent },
        { "duplicate key in attributes", StartedWith("\"attributes\":{\"model\":\"a\",\"model\":\"b\"}"), RecordedTraceSkipReason.InvalidEvent },
        // Free-form content is kept as parsed: the exporter copes with a duplicate key inside it.
        { "duplicate key deep in input", StartedWith("\"input\":{\"a\":[{\"b\":{\"c\":1,\"c\":2}}]}"), null },
        { "duplicate key in feedback", "{\"type\":\"feedback\",\"feedback\":{\"feedbackId\":\"f\",\"feedbackId\":\"g\",\"traceId\":\"t\",\"value\":1}}", RecordedTraceSkipReason.InvalidEvent },
        { "escaped lone surrogate", "{\"type\":\"span_started\",\"exportedSpan\":{\"id\":\"\\uD800\",\"traceId\":\"t\",\"name\":\"n\",\"type\":\"generic\",\"startTime\":\"2026-01-01T00:00:00Z\"}}", RecordedTraceSkipReason.InvalidEvent },
        { "nesting past the parser's limit", "{\"type\":\"span_started\",\"x\":" + new string('[', 2_000) + new string(']', 2_000) + "}", RecordedTraceSkipReason.MalformedJson },
    };

    private static string Hostile(string line) => line.Replace("<HI>", "\uD800", StringComparison.Ordinal).Replace("<LO>", "\uDC00", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(HostileLines))]
    public void A_hostile_line_is_skipped_with_its_reason_and_the_next_line_is_read(string what, string line, RecordedTraceSkipReason? reason)
    {
        line = Hostile(line);
        var entries = RecordedTrace.Read(new StringReader(line + "\n" + Started)).ToList();

        Assert.True(entries.Count == 2, what);
        Assert.Equal(reason, entries[0].SkipReason);
        Assert.Equal(reason is not null, !string.IsNullOrEmpty(entries[0].SkipMessage));
        Assert.Equal(reason is null, entries[0].TracingEvent is not null);
        Assert.Equal("e9be30e345c5c880", entries[1].TracingEvent!.ExportedSpan.Id);
    }

    [Theory]
    [MemberData(nameof(HostileLines))]
    public async Task ReadAsync_skips_a_hostile_line_too(string what, string line, RecordedTraceSkipReason? reason)
    {
        // A stream holds bytes: an unpaired surrogate reaches the reader as U+FFFD, which is valid text.
        line = Hostile(line);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line + "\n" + Started));
        var entries = new List<RecordedTraceEntry>();
        await foreach (var entry in RecordedTrace.ReadAsync(stream))
        {
            entries.Add(entry);
        }

        Assert.True(entries.Count == 2, what);
        if (!line.Any(char.IsSurrogate))
        {
            Assert.Equal(reason, entries[0].SkipReason);
        }

        Assert.Equal("e9be30e345c5c880", entries[1].TracingEvent!.ExportedSpan.Id);
    }

    [Theory]
    [MemberData(nameof(HostileLines))]
    public void In_the_array_form_a_hostile_element_is_skipped_and_the_next_is_read(string what, string line, RecordedTraceSkipReason? reason)
    {
        _ = reason;
        line = Hostile(line);
        var entries = RecordedTrace.Read(new StringReader("[" + Started + "," + line + "," + Started + "]")).ToList();

        Assert.True(entries.Count >= 2, what);
        Assert.Equal("e9be30e345c5c880", entries[0].TracingEvent!.ExportedSpan.Id);
        Assert.True(entries[1].IsSkipped || entries[1].TracingEvent is not null, what);
    }

    /// <summary>The documented way to read one event, <c>Deserialize&lt;TracingEvent&gt;(json, TracingJson.Options)</c>, reports bad input as a <see cref="JsonException"/> only.</summary>
    [Theory]
    [MemberData(nameof(HostileLines))]
    public void Deserialize_with_TracingJson_Options_throws_only_JsonException(string what, string line, RecordedTraceSkipReason? reason)
    {
        _ = reason;
        if (line.Contains("<HI>", StringComparison.Ordinal) || line.Contains("<LO>", StringComparison.Ordinal))
        {
            // JsonSerializer refuses a string that is not valid UTF-16 before any converter runs.
            Assert.Throws<ArgumentException>(() => JsonSerializer.Deserialize<TracingEvent>(Hostile(line), TracingJson.Options));
            return;
        }

        var isFeedback = line.StartsWith("{\"type\":\"feedback\"", StringComparison.Ordinal);
        var exception = Record.Exception(() =>
        {
            if (isFeedback)
            {
                JsonSerializer.Deserialize<FeedbackEvent>(line, TracingJson.Options);
            }
            else
            {
                JsonSerializer.Deserialize<TracingEvent>(line, TracingJson.Options);
            }
        });

        Assert.True(exception is null or JsonException, $"{what}: {exception}");
    }
}
