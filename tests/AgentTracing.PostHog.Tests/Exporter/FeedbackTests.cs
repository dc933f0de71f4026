using System;
using System.Threading.Tasks;
using AgentTracing;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>Feedback events become <c>$ai_feedback</c> events (the worked example's feedback is in <see cref="WorkedExampleTests"/>).</summary>
public sealed class FeedbackTests
{
    private static ExportedFeedback Base() => new()
    {
        FeedbackId = "feedback-1",
        Timestamp = T0,
        TraceId = "trace-1",
        FeedbackType = "thumbs",
        Value = "down",
    };

    private static async Task<PostHogEvent> Send(ExportedFeedback feedback, string? defaultDistinctId = null)
    {
        await using var h = new ExporterHarness(o => o.DefaultDistinctId = defaultDistinctId);
        await h.Exporter.ExportFeedbackAsync(new FeedbackEvent { Feedback = feedback });
        return h.Single();
    }

    [Fact]
    public async Task Base_feedback_is_exact()
    {
        var e = await Send(Base());

        Assert.Equal("$ai_feedback", e.EventName);
        Assert.Equal("anonymous", e.DistinctId);
        Assert.Equal(T0, e.Timestamp);
        JsonAssert.Equal("""
            {"$ai_trace_id":"trace-1","$ai_feedback_text":"down","feedback_id":"feedback-1","feedback_type":"thumbs","feedback_value":"down"}
            """, e.Properties);
    }

    [Fact]
    public async Task A75_legacy_fields_and_a_numeric_value()
    {
        var feedback = Base();
        feedback.TraceId = "t";
        feedback.FeedbackType = "rating";
        feedback.Value = 4;
        feedback.UserId = "legacy-user";
        feedback.Source = "legacy-src";

        var e = await Send(feedback);

        Assert.Equal("legacy-user", e.DistinctId);
        JsonAssert.Contains("""{"$ai_feedback_text":"4","feedback_value":4,"feedback_source":"legacy-src"}""", e.Properties!);
    }

    [Fact]
    public async Task A76_feedback_without_a_trace_id_is_dropped_with_a_debug_line()
    {
        await using var h = new ExporterHarness();
        var feedback = Base();
        feedback.TraceId = null;

        await h.Exporter.ExportFeedbackAsync(new FeedbackEvent { Feedback = feedback });

        Assert.Empty(h.Events);
        Assert.Contains(h.Logs, l => l.Level == LogLevel.Debug && l.Message.StartsWith("PostHog exporter: dropping feedback with no traceId; PostHog requires $ai_trace_id", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, null, "primary")]
    [InlineData(1, null, "legacy")]
    [InlineData(2, null, "meta")]
    [InlineData(3, "default-user", "default-user")]
    [InlineData(3, null, "anonymous")]
    [InlineData(3, "", "anonymous")]
    public async Task A77_distinct_id_chain(int dropped, string? defaultDistinctId, string expected)
    {
        var feedback = Base();
        feedback.FeedbackUserId = dropped > 0 ? null : "primary";
        feedback.UserId = dropped > 1 ? null : "legacy";
        feedback.Metadata = dropped > 2 ? null : Dictionary("""{"userId":"meta"}""");

        var e = await Send(feedback, defaultDistinctId);

        Assert.Equal(expected, e.DistinctId);
    }

    [Fact]
    public async Task A78_metadata_cannot_replace_native_keys()
    {
        var feedback = Base();
        feedback.Metadata = Dictionary("""{"$ai_trace_id":"spoofed-trace","feedback_type":"spoofed-type","environment":"prod"}""");

        var e = await Send(feedback);

        JsonAssert.Contains("""{"$ai_trace_id":"trace-1","feedback_type":"thumbs","environment":"prod"}""", e.Properties!);
    }

    [Fact]
    public async Task A79_a_timestamp_given_as_a_string_in_json()
    {
        var json = """{"type":"feedback","feedback":{"feedbackId":"f","timestamp":"2026-07-22T10:00:00.000Z","traceId":"t","feedbackType":"thumbs","value":"up"}}""";
        await using var h = new ExporterHarness();

        await h.Exporter.ExportFeedbackAsync(System.Text.Json.JsonSerializer.Deserialize<FeedbackEvent>(json, TracingJson.Options)!);

        Assert.Equal(new DateTimeOffset(2026, 7, 22, 10, 0, 0, TimeSpan.Zero), h.Single().Timestamp);
    }

    [Fact]
    public async Task A80_an_empty_comment_is_the_feedback_text()
    {
        var feedback = Base();
        feedback.Comment = "";

        var e = await Send(feedback);

        JsonAssert.Contains("""{"$ai_feedback_text":""}""", e.Properties!);
    }

    [Fact]
    public async Task Feedback_is_not_redacted_in_privacy_mode()
    {
        await using var h = new ExporterHarness(o => o.EnablePrivacyMode = true);
        var feedback = Base();
        feedback.Comment = "wrong answer";

        await h.Exporter.ExportFeedbackAsync(new FeedbackEvent { Feedback = feedback });

        JsonAssert.Contains("""{"$ai_feedback_text":"wrong answer"}""", h.Single().Properties!);
    }
}
