using System;
using System.Text.Json;

namespace AgentTracing.Tests.Spans;

/// <summary><see cref="TracingEventType"/> and the <c>type</c> of a <see cref="TracingEvent"/>: the three known values in snake case, and unknown or missing types rejected.</summary>
public class TracingEventTypeTests
{
    private const string Span = """{"id": "s", "traceId": "t", "name": "n", "type": "generic", "startTime": "2026-01-01T00:00:00.000Z"}""";

    [Theory]
    [InlineData(TracingEventType.SpanStarted, "span_started")]
    [InlineData(TracingEventType.SpanUpdated, "span_updated")]
    [InlineData(TracingEventType.SpanEnded, "span_ended")]
    public void Is_written_and_read_as_snake_case(TracingEventType type, string json)
    {
        Assert.Equal($"\"{json}\"", JsonSerializer.Serialize(type, TracingJson.Options));
        Assert.Equal(type, JsonSerializer.Deserialize<TracingEventType>($"\"{json}\"", TracingJson.Options));

        var tracingEvent = JsonSerializer.Deserialize<TracingEvent>($$"""{"type": "{{json}}", "exportedSpan": {{Span}}}""", TracingJson.Options)!;
        Assert.Equal(type, tracingEvent.Type);
        Assert.StartsWith($"{{\"type\":\"{json}\",", JsonSerializer.Serialize(tracingEvent, TracingJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void Has_exactly_the_three_members_of_the_spec()
    {
        Assert.Equal(["SpanStarted", "SpanUpdated", "SpanEnded"], Enum.GetNames<TracingEventType>());
    }

    [Theory]
    [InlineData("\"span_finished\"")]
    [InlineData("\"SpanStarted\"")]
    [InlineData("\"Span_Started\"")]
    [InlineData("\"feedback\"")]
    [InlineData("\"\"")]
    [InlineData("0")]
    public void An_unknown_value_is_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TracingEventType>(json, TracingJson.Options));
    }

    [Theory]
    [InlineData("\"span_paused\"")]
    [InlineData("\"SPAN_STARTED\"")]
    [InlineData("\"feedback\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void A_tracing_event_with_an_unknown_type_is_a_JsonException(string type)
    {
        var json = $$"""{"type": {{type}}, "exportedSpan": {{Span}}}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TracingEvent>(json, TracingJson.Options));
    }

    [Fact]
    public void A_tracing_event_without_type_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TracingEvent>($$"""{"exportedSpan": {{Span}}}""", TracingJson.Options));
    }

    [Fact]
    public void A_tracing_event_without_exportedSpan_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TracingEvent>("""{"type": "span_started"}""", TracingJson.Options));
    }

    [Fact]
    public void An_undefined_enum_value_cannot_be_written()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize((TracingEventType)7, TracingJson.Options));
    }
}
