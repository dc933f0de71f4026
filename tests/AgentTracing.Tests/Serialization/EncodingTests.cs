using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Serialization;

/// <summary>Non-ASCII and HTML-sensitive characters are not escaped.</summary>
public class EncodingTests
{
    // Characters outside the Basic Multilingual Plane (emoji) are escaped as surrogate pairs by every built-in encoder,
    // UnsafeRelaxedJsonEscaping included, so they are left out here.
    private const string Text = "Wetter in München? 天気 ½ <b>&'+ é";

    [Fact]
    public void Span_strings_are_written_unescaped()
    {
        var span = new ExportedSpan
        {
            Id = "s",
            TraceId = "t",
            Name = Text,
            Type = SpanType.AgentRun,
            Attributes = new AgentRunAttributes { Instructions = Text },
            Metadata = new Dictionary<string, object?> { ["note"] = Text },
            Input = Text,
            Output = JsonNode.Parse($$"""{"text": {{JsonSerializer.Serialize(Text)}}}"""),
            Tags = [Text],
        };

        var json = JsonSerializer.Serialize(new TracingEvent { Type = TracingEventType.SpanEnded, ExportedSpan = span }, TracingJson.Options);

        Assert.Equal(6, CountOccurrences(json, Text));
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_text_is_written_back_unescaped()
    {
        const string json = """{"type": "feedback", "feedback": {"feedbackId": "f", "timestamp": "2026-01-01T00:00:00.000Z", "feedbackType": "comment", "value": "très bien <3", "comment": "日本語 & more"}}""";

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize<FeedbackEvent>(json, TracingJson.Options), TracingJson.Options);

        Assert.Contains("\"value\":\"très bien <3\"", written, StringComparison.Ordinal);
        Assert.Contains("\"comment\":\"日本語 & more\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_input_is_read_as_the_characters()
    {
        var span = JsonSerializer.Deserialize<ExportedSpan>("""{"id": "s", "traceId": "t", "name": "M\u00fcnchen \u003cb\u003e", "type": "generic", "startTime": 0}""", TracingJson.Options)!;

        Assert.Equal("München <b>", span.Name);
        Assert.Contains("\"name\":\"München <b>\"", JsonSerializer.Serialize(span, TracingJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void Quotes_and_control_characters_are_still_escaped()
    {
        var span = new ExportedSpan { Id = "s", TraceId = "t", Name = "a\"b\\c\nd", Type = SpanType.Generic };

        var json = JsonSerializer.Serialize(span, TracingJson.Options);

        Assert.Contains("\"name\":\"a\\\"b\\\\c\\nd\"", json, StringComparison.Ordinal);
        Assert.Equal("a\"b\\c\nd", JsonSerializer.Deserialize<ExportedSpan>(json, TracingJson.Options)!.Name);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
