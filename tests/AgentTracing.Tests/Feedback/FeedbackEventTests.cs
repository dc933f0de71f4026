using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Feedback;

/// <summary><see cref="FeedbackEvent"/> and <see cref="ExportedFeedback"/> : reading, writing, round trips and malformed input.</summary>
public class FeedbackEventTests
{
    private static ExportedFeedback ReadFeedback(string members) => JsonSerializer.Deserialize<ExportedFeedback>(
        $$"""{"feedbackId": "f", "timestamp": "2026-01-01T00:05:00.000Z", "feedbackType": "rating", "value": 4, {{members}}}""", TracingJson.Options)!;

    [Fact]
    public void Example3_reads_into_the_model()
    {
        var read = JsonSerializer.Deserialize<FeedbackEvent>(TestFiles.Text("Example3.json"), TracingJson.Options)!;
        var feedback = read.Feedback;

        Assert.Equal("feedback", read.Type);
        Assert.Null(read.AdditionalProperties);
        Assert.Equal("feedback-1", feedback.FeedbackId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero), feedback.Timestamp);
        Assert.Equal("0c831f7486dad4be14a37cc20acbc9bb", feedback.TraceId);
        Assert.Equal("e9be30e345c5c880", feedback.SpanId);
        Assert.Null(feedback.Source);
        Assert.Equal("user", feedback.FeedbackSource);
        Assert.Equal("thumbs", feedback.FeedbackType);
        Assert.Equal(FeedbackValue.FromText("down"), feedback.Value);
        Assert.Null(feedback.UserId);
        Assert.Equal("user-1", feedback.FeedbackUserId);
        Assert.Equal("wrong answer", feedback.Comment);
        Assert.Equal("message-1", feedback.SourceId);
        Assert.Null(feedback.ExperimentId);
        Assert.Null(feedback.CorrelationContext);
        Assert.Equal(["userId", "sessionId", "environment", "$groups"], feedback.Metadata!.Keys.ToArray());
        Assert.Equal("""{"org":"acme"}""", ((JsonNode)feedback.Metadata["$groups"]!).ToJsonString());
        Assert.Null(feedback.AdditionalProperties);
    }

    [Fact]
    public void Example3_round_trips()
    {
        var text = TestFiles.Text("Example3.json");

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize<FeedbackEvent>(text, TracingJson.Options), TracingJson.Options);

        AssertJson.Equal(text, written);
    }

    [Fact]
    public void Every_member_round_trips_with_unknown_keys()
    {
        const string json = """
            {"type": "feedback", "feedback": {"feedbackId": "f-2", "timestamp": "2026-01-01T00:05:00.000Z", "traceId": "t", "spanId": "s", "source": "user", "feedbackSource": "user",
             "feedbackType": "rating", "value": 4.5, "userId": "u-1", "feedbackUserId": "u-1", "comment": "ok", "sourceId": "m", "experimentId": "exp-1",
             "correlationContext": {"requestId": "r", "n": null}, "metadata": {"a": null}, "futureFeedbackKey": [null]}, "futureEventKey": {"x": 1}}
            """;

        RoundTrip.AssertEvent(JsonNode.Parse(json)!);

        var read = JsonSerializer.Deserialize<FeedbackEvent>(json, TracingJson.Options)!;
        Assert.Equal("[null]", ((JsonNode)read.Feedback.AdditionalProperties!["futureFeedbackKey"]!).ToJsonString());
        Assert.Equal("""{"x":1}""", ((JsonNode)read.AdditionalProperties!["futureEventKey"]!).ToJsonString());
        Assert.Equal("exp-1", read.Feedback.ExperimentId);
        Assert.Equal("user", read.Feedback.Source);
    }

    [Fact]
    public void Null_optional_members_are_dropped()
    {
        const string json = """
            {"type": "feedback", "feedback": {"feedbackId": "f", "timestamp": "2026-01-01T00:05:00.000Z", "traceId": null, "spanId": null, "source": null, "feedbackSource": null,
             "feedbackType": "thumbs", "value": "up", "userId": null, "feedbackUserId": null, "comment": null, "sourceId": null, "experimentId": null, "correlationContext": null, "metadata": null}}
            """;

        RoundTrip.AssertEvent(JsonNode.Parse(json)!);
        AssertJson.Equal(
            """{"type": "feedback", "feedback": {"feedbackId": "f", "timestamp": "2026-01-01T00:05:00.000Z", "feedbackType": "thumbs", "value": "up"}}""",
            JsonSerializer.Serialize(JsonSerializer.Deserialize<FeedbackEvent>(json, TracingJson.Options), TracingJson.Options));
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("12.5", "12.5")]
    [InlineData("9007199254740993", "9007199254740993")]
    [InlineData("\"user-1\"", "user-1")]
    public void User_ids_given_as_numbers_are_read_as_their_invariant_string(string json, string expected)
    {
        var feedback = ReadFeedback($$"""
            "userId": {{json}}, "feedbackUserId": {{json}}
            """);

        Assert.Equal(expected, feedback.UserId);
        Assert.Equal(expected, feedback.FeedbackUserId);
        var written = JsonNode.Parse(JsonSerializer.Serialize(feedback, TracingJson.Options))!;
        Assert.Equal(expected, (string)written["userId"]!);
        Assert.Equal(expected, (string)written["feedbackUserId"]!);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[\"u\"]")]
    public void User_ids_of_another_kind_are_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => ReadFeedback($$"""
            "feedbackUserId": {{json}}
            """));
    }

    [Fact]
    public void Timestamp_given_as_epoch_milliseconds_round_trips_as_a_string()
    {
        const string json = """{"type": "feedback", "feedback": {"feedbackId": "f", "timestamp": 1767225900000, "feedbackType": "thumbs", "value": "up"}}""";

        var read = JsonSerializer.Deserialize<FeedbackEvent>(json, TracingJson.Options)!;

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero), read.Feedback.Timestamp);
        RoundTrip.AssertEvent(JsonNode.Parse(json)!);
    }

    [Theory]
    [InlineData("4", true, 4d, null)]
    [InlineData("4.5", true, 4.5, null)]
    [InlineData("\"down\"", false, 0d, "down")]
    public void Value_is_read_as_a_number_or_a_string(string json, bool isNumber, double number, string? text)
    {
        var feedback = JsonSerializer.Deserialize<ExportedFeedback>($$"""{"feedbackId": "f", "timestamp": 0, "feedbackType": "t", "value": {{json}}}""", TracingJson.Options)!;

        Assert.Equal(isNumber, feedback.Value.IsNumber);
        Assert.Equal(number, feedback.Value.Number);
        Assert.Equal(text, feedback.Value.Text);
        Assert.Equal(json, JsonNode.Parse(JsonSerializer.Serialize(feedback, TracingJson.Options))!["value"]!.ToJsonString());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[4]")]
    public void Value_of_another_kind_is_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExportedFeedback>($$"""{"feedbackId": "f", "timestamp": 0, "feedbackType": "t", "value": {{json}}}""", TracingJson.Options));
    }

    [Theory]
    [InlineData("""{"type": "span_started", "feedback": {"feedbackId": "f", "timestamp": 0, "feedbackType": "t", "value": 1}}""")]
    [InlineData("""{"type": "feedback"}""")]
    [InlineData("""{"type": "feedback", "feedback": "f"}""")]
    [InlineData("""[]""")]
    public void A_malformed_feedback_event_is_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FeedbackEvent>(json, TracingJson.Options));
    }

    [Fact]
    public void A_feedback_event_built_in_code_serialises()
    {
        var feedback = new FeedbackEvent
        {
            Feedback = new ExportedFeedback
            {
                FeedbackId = "f",
                Timestamp = new DateTimeOffset(2026, 1, 1, 1, 5, 0, TimeSpan.FromHours(1)),
                TraceId = "t",
                FeedbackType = "rating",
                Value = 5,
                FeedbackUserId = "u",
            },
        };

        Assert.Equal(
            """{"type":"feedback","feedback":{"feedbackId":"f","timestamp":"2026-01-01T00:05:00.000Z","traceId":"t","feedbackType":"rating","value":5,"feedbackUserId":"u"}}""",
            JsonSerializer.Serialize(feedback, TracingJson.Options));
    }
}
