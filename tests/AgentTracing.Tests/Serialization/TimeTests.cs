using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Serialization;

/// <summary>Every model time is read from ISO-8601 or epoch milliseconds and written as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
public class TimeTests
{
    private static ExportedSpan ReadSpan(string startTime, string? endTime = null) => JsonSerializer.Deserialize<ExportedSpan>(
        $$"""{"id": "s", "traceId": "t", "name": "n", "type": "generic", "startTime": {{startTime}}{{(endTime is null ? "" : $", \"endTime\": {endTime}")}}}""",
        TracingJson.Options)!;

    private static string WrittenStart(ExportedSpan span) => (string)JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!["startTime"]!;

    [Theory]
    [InlineData("\"2026-01-01T00:00:00.000Z\"", "2026-01-01T00:00:00.000Z")]
    [InlineData("\"2026-01-01T00:00:00Z\"", "2026-01-01T00:00:00.000Z")]
    [InlineData("\"2026-01-01T00:00:00.1Z\"", "2026-01-01T00:00:00.100Z")]
    [InlineData("\"2026-03-04T05:06:07.089z\"", "2026-03-04T05:06:07.089Z")]
    [InlineData("\"2026-01-01T02:00:00.000+02:00\"", "2026-01-01T00:00:00.000Z")]
    [InlineData("\"2026-01-01T00:00:00.000-05:30\"", "2026-01-01T05:30:00.000Z")]
    [InlineData("\"2026-01-01T01:30:00+0130\"", "2026-01-01T00:00:00.000Z")]
    [InlineData("\"2025-12-31T23:00:00.500-01:00\"", "2026-01-01T00:00:00.500Z")]
    [InlineData("\"2026-01-01T00:00:00.000+00:00\"", "2026-01-01T00:00:00.000Z")]
    [InlineData("\"2026-01-01T12:34:56.789\"", "2026-01-01T12:34:56.789Z")]
    [InlineData("\"2026-01-01T12:34:56\"", "2026-01-01T12:34:56.000Z")]
    public void Iso_strings_are_read_as_the_same_instant_in_utc(string json, string expected)
    {
        var span = ReadSpan(json);

        Assert.Equal(TimeSpan.Zero, span.StartTime.Offset);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), span.StartTime);
        Assert.Equal(expected, WrittenStart(span));
    }

    [Theory]
    [InlineData("0", "1970-01-01T00:00:00.000Z")]
    [InlineData("1000", "1970-01-01T00:00:01.000Z")]
    [InlineData("1767225600000", "2026-01-01T00:00:00.000Z")]
    [InlineData("1767225600123", "2026-01-01T00:00:00.123Z")]
    [InlineData("1767225600123.9", "2026-01-01T00:00:00.123Z")]
    [InlineData("1.7672256e12", "2026-01-01T00:00:00.000Z")]
    [InlineData("-1000", "1969-12-31T23:59:59.000Z")]
    public void Numbers_are_unix_epoch_milliseconds(string json, string expected)
    {
        var span = ReadSpan(json, json);

        Assert.Equal(TimeSpan.Zero, span.StartTime.Offset);
        Assert.Equal(expected, WrittenStart(span));
        Assert.Equal(span.StartTime, span.EndTime);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"1767225600000\"")]
    [InlineData("\"2026-13-01T00:00:00Z\"")]
    [InlineData("\"2026-01-01T25:00:00Z\"")]
    [InlineData("\"1-1\"")]
    [InlineData("\"12-25\"")]
    [InlineData("\"3-4 5:06\"")]
    [InlineData("\"Jan-2026\"")]
    [InlineData("\"2026-01\"")]
    [InlineData("\"Thu, 01 Jan 2026 00:00:00 GMT\"")]
    [InlineData("\"12:00\"")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[2026, 1, 1]")]
    [InlineData("1e300")]
    public void Anything_else_is_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => ReadSpan(json));
        Assert.Throws<JsonException>(() => ReadSpan("\"2026-01-01T00:00:00.000Z\"", json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedFeedback>(
            $$"""{"feedbackId": "f", "feedbackType": "thumbs", "value": "up", "timestamp": {{json}}}""", TracingJson.Options));
    }

    [Fact]
    public void Writing_converts_to_utc()
    {
        var span = new ExportedSpan
        {
            StartTime = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)),
            EndTime = new DateTimeOffset(2025, 12, 31, 19, 30, 0, 250, TimeSpan.FromHours(-4.5)),
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!;

        Assert.Equal("2026-01-01T00:00:00.000Z", (string)json["startTime"]!);
        Assert.Equal("2026-01-01T00:00:00.250Z", (string)json["endTime"]!);
    }

    [Theory]
    [InlineData(1, "2026-01-01T00:00:00.000Z")]
    [InlineData(9_999, "2026-01-01T00:00:00.000Z")]
    [InlineData(10_000, "2026-01-01T00:00:00.001Z")]
    [InlineData(9_999_999, "2026-01-01T00:00:00.999Z")]
    public void Sub_millisecond_precision_is_truncated_on_write(long ticks, string expected)
    {
        var span = new ExportedSpan { StartTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(ticks) };

        Assert.Equal(expected, WrittenStart(span));
    }

    [Fact]
    public void Sub_millisecond_input_is_truncated_on_write()
    {
        Assert.Equal("2026-01-01T00:00:00.999Z", WrittenStart(ReadSpan("\"2026-01-01T00:00:00.9999999Z\"")));
    }

    [Fact]
    public void Attribute_times_are_read_leniently_and_written_in_canonical_form()
    {
        var span = JsonSerializer.Deserialize<ExportedSpan>(
            """{"id": "s", "traceId": "t", "name": "n", "type": "model_generation", "startTime": 0, "attributes": {"completionStartTime": "2026-01-01T01:00:00.42+01:00"}}""",
            TracingJson.Options)!;
        var attributes = (ModelGenerationAttributes)span.Attributes!;

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 420, TimeSpan.Zero), attributes.CompletionStartTime);
        Assert.Equal("2026-01-01T00:00:00.420Z", (string)attributes.Json["completionStartTime"]!);
        Assert.Equal("2026-01-01T00:00:00.420Z", (string)JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!["attributes"]!["completionStartTime"]!);
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00.420Z", "2026-01-01T00:00:00.420Z")]
    [InlineData("2026-01-01T00:00:00.420z", "2026-01-01T00:00:00.420Z")]
    [InlineData("2026-01-01T00:00:00.42Z", "2026-01-01T00:00:00.420Z")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z")]
    [InlineData("2026-01-01 00:00:00.420Z", "2026-01-01T00:00:00.420Z")]
    [InlineData("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z")]
    public void An_attribute_time_already_in_canonical_form_is_kept_and_any_other_form_is_rewritten(string given, string expected)
    {
        // Text already in the canonical form is left as it is, without parsing and formatting it again.
        var attributes = (ModelStepAttributes)SpanAttributes.Create(SpanType.ModelStep, new JsonObject { ["completionStartTime"] = given });

        Assert.Equal(expected, (string)attributes.Json["completionStartTime"]!);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), attributes.CompletionStartTime);
    }

    [Fact]
    public void Attribute_times_given_as_epoch_milliseconds_are_rewritten_as_strings()
    {
        var attributes = (WorkflowSleepAttributes)SpanAttributes.Create(SpanType.WorkflowSleep, JsonNode.Parse("""{"untilDate": 1767225600000}""")!.AsObject());

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), attributes.UntilDate);
        Assert.Equal("""{"untilDate":"2026-01-01T00:00:00.000Z"}""", attributes.Json.ToJsonString());
    }

    [Fact]
    public void An_attribute_time_that_is_not_a_time_is_kept_as_an_unknown_value()
    {
        var attributes = (ModelStepAttributes)SpanAttributes.Create(SpanType.ModelStep, JsonNode.Parse("""{"completionStartTime": "soon"}""")!.AsObject());

        Assert.Null(attributes.CompletionStartTime);
        Assert.Equal("soon", ((JsonValue)attributes.AdditionalProperties["completionStartTime"]!).GetValue<string>());
        Assert.Equal("""{"completionStartTime":"soon"}""", JsonSerializer.Serialize(attributes, TracingJson.Options));
    }

    [Fact]
    public void Attribute_time_setter_writes_the_canonical_form()
    {
        var attributes = new ModelInferenceAttributes { CompletionStartTime = new DateTimeOffset(2026, 1, 1, 3, 0, 0, 5, TimeSpan.FromHours(3)).AddTicks(4_000) };

        Assert.Equal("2026-01-01T00:00:00.005Z", (string)attributes.Json["completionStartTime"]!);
        attributes.CompletionStartTime = null;
        Assert.False(attributes.Json.ContainsKey("completionStartTime"));
    }

    [Fact]
    public void Feedback_timestamp_is_read_from_a_string_or_epoch_milliseconds()
    {
        var fromText = JsonSerializer.Deserialize<ExportedFeedback>("""{"feedbackId": "f", "feedbackType": "t", "value": 1, "timestamp": "2026-01-01T01:05:00+01:00"}""", TracingJson.Options)!;
        var fromNumber = JsonSerializer.Deserialize<ExportedFeedback>("""{"feedbackId": "f", "feedbackType": "t", "value": 1, "timestamp": 1767225900000}""", TracingJson.Options)!;

        var expected = new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero);
        Assert.Equal(expected, fromText.Timestamp);
        Assert.Equal(expected, fromNumber.Timestamp);
        Assert.Equal("2026-01-01T00:05:00.000Z", (string)JsonNode.Parse(JsonSerializer.Serialize(fromNumber, TracingJson.Options))!["timestamp"]!);
    }

    [Theory]
    [InlineData("model_generation", "completionStartTime")]
    [InlineData("model_step", "completionStartTime")]
    [InlineData("model_inference", "completionStartTime")]
    [InlineData("workflow_sleep", "untilDate")]
    public void Round_trip_holds_for_non_canonical_times_after_normalisation(string type, string timeKey)
    {
        var json = JsonNode.Parse($$"""
            {"type": "span_ended", "exportedSpan": {"id": "s", "traceId": "t", "name": "n", "type": "{{type}}",
             "startTime": "2026-01-01T02:00:00.1234+02:00", "endTime": 1767225601000,
             "attributes": {"{{timeKey}}": "2026-01-01T00:00:00.42", "futureTime": "2026-01-01T02:00:00+02:00"},
             "output": {"at": "2026-01-01T02:00:00+02:00"}, "isEvent": false, "isRootSpan": true} }
            """)!;

        RoundTrip.AssertEvent(json);

        var written = JsonNode.Parse(JsonSerializer.Serialize(JsonSerializer.Deserialize<TracingEvent>(json.ToJsonString(), TracingJson.Options), TracingJson.Options))!["exportedSpan"]!;
        Assert.Equal("2026-01-01T00:00:00.123Z", (string)written["startTime"]!);
        Assert.Equal("2026-01-01T00:00:01.000Z", (string)written["endTime"]!);
        Assert.Equal("2026-01-01T00:00:00.420Z", (string)written["attributes"]![timeKey]!);
        // Strings that are not model times are values, not times: they are kept as they were.
        Assert.Equal("2026-01-01T02:00:00+02:00", (string)written["attributes"]!["futureTime"]!);
        Assert.Equal("2026-01-01T02:00:00+02:00", (string)written["output"]!["at"]!);
    }

    [Fact]
    public void Round_trip_holds_for_a_feedback_timestamp_with_an_offset()
    {
        RoundTrip.AssertEvent(JsonNode.Parse("""{"type": "feedback", "feedback": {"feedbackId": "f", "timestamp": "2026-01-01T01:05:00.5+01:00", "feedbackType": "t", "value": 1}}""")!);
    }
}
