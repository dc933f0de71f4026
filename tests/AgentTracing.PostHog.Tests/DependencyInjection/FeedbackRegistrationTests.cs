using System;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using AgentTracing.PostHog.Tests.GenAI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>Feedback sent through the <see cref="IFeedbackExporter"/> the container registers, as a controller or service would.</summary>
[Collection(GenAICollection.Name)]
public sealed class FeedbackRegistrationTests
{
    private static FeedbackEvent Thumbs(string traceId) => new()
    {
        Feedback = new ExportedFeedback
        {
            FeedbackId = "feedback-1",
            Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            TraceId = traceId,
            FeedbackType = "thumbs",
            Value = "down",
            Comment = "wrong answer",
            FeedbackUserId = "user-1",
        },
    };

    /// <summary>
    /// PostHog's trace view (llmAnalyticsTraceDataLogic's feedbackEvents selector) shows an <c>$ai_feedback</c> event of the
    /// trace only when it carries <c>$ai_feedback_text</c>.
    /// </summary>
    [Fact]
    public async Task With_AddPosthogExporter_the_injected_IFeedbackExporter_is_the_exporter_and_its_feedback_reaches_posthog()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var host = TestHosts.Build(TestHosts.Sending(server.BaseUrl), s => s.AddPosthogExporter());
        await host.StartAsync();

        var feedback = host.Services.GetRequiredService<IFeedbackExporter>();
        Assert.Same(host.Services.GetRequiredService<PosthogExporter>(), feedback);
        Assert.Single(host.Services.GetServices<IFeedbackExporter>());
        await feedback.ExportFeedbackAsync(Thumbs("trace-42"));
        await host.StopAsync();

        var evt = Assert.Single(Assert.Single(server.Requests).Batch)!;
        Assert.Equal("$ai_feedback", (string?)evt["event"]);
        Assert.Equal("user-1", (string?)evt["distinct_id"]);
        Assert.Equal("trace-42", (string?)evt["properties"]!["$ai_trace_id"]);
        Assert.Equal("wrong answer", (string?)evt["properties"]!["$ai_feedback_text"]);
        Assert.Equal("down", (string?)evt["properties"]!["feedback_value"]);
    }

    [Fact]
    public async Task With_AddPosthogGenAITracing_alone_feedback_goes_to_the_exporter_the_bridge_created()
    {
        await using var server = await FakePostHogServer.StartAsync();
        using var host = TestHosts.Build(TestHosts.Sending(server.BaseUrl), s => s.AddPosthogGenAITracing(configureExporter: o => o.GetEnvironmentVariable = _ => null));
        await host.StartAsync();

        var feedback = host.Services.GetRequiredService<IFeedbackExporter>();
        Assert.Same(host.Services.GetRequiredService<GenAIActivityBridge>().Exporter, feedback);
        await feedback.ExportFeedbackAsync(Thumbs("trace-7"));
        await host.StopAsync();

        var evt = Assert.Single(Assert.Single(server.Requests).Batch)!;
        Assert.Equal("$ai_feedback", (string?)evt["event"]);
        Assert.Equal("trace-7", (string?)evt["properties"]!["$ai_trace_id"]);
    }

    [Fact]
    public void With_both_setups_there_is_one_IFeedbackExporter_the_registered_exporter()
    {
        using var host = TestHosts.Build(new() { ["PostHog:ApiKey"] = TestHosts.ApiKey }, s =>
        {
            s.AddPosthogGenAITracing();
            s.AddPosthogExporter();
        });

        var exporter = host.Services.GetRequiredService<PosthogExporter>();

        Assert.Same(exporter, Assert.Single(host.Services.GetServices<IFeedbackExporter>()));
        Assert.Same(exporter, host.Services.GetRequiredService<GenAIActivityBridge>().Exporter);
    }
}
