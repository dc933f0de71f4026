using System;
using System.Linq;
using AgentDemo;
using AgentTracing;
using AgentTracing.PostHog;
using Microsoft.Extensions.Logging;

// With POSTHOG_API_KEY set, the demo sends its traces to PostHog (POSTHOG_HOST, default US cloud).
// Without it, it prints every PostHog event it would send, then the trace tree PostHog would show.
using var loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
var apiKey = Environment.GetEnvironmentVariable("POSTHOG_API_KEY");
var dryRun = string.IsNullOrWhiteSpace(apiKey);
var dryRunClient = new DryRunPostHogClient();
var options = new PosthogExporterOptions { Logger = loggerFactory.CreateLogger<PosthogExporter>() };
await using var exporter = dryRun ? new PosthogExporter(WithDryRunKey(options), dryRunClient) : new PosthogExporter(options);

if (args.Contains("--meai", StringComparer.Ordinal))
{
    // The same weather question through a real Microsoft.Extensions.AI pipeline, traced by GenAIActivityBridge.
    return await MeaiDemo.RunAsync(exporter, dryRun ? dryRunClient : null);
}

var agent = new SimulatedWeatherAgent(exporter);
await agent.RunAsync("What's the weather in Paris?", "Paris", userId: "user-42", sessionId: "session-7");
var succeededTrace = agent.LastTraceId;
await agent.RunAsync("And in Atlantis?", "Atlantis", userId: "user-42", sessionId: "session-7", toolFails: true);
await agent.SummarizeAsync("Weather in Paris? Sunny, 21°C. And in Atlantis? The weather service timed out.", userId: "user-42", sessionId: "session-7");
await exporter.ExportFeedbackAsync(new FeedbackEvent
{
    Feedback = new ExportedFeedback
    {
        FeedbackId = "feedback-" + Guid.NewGuid().ToString("N")[..8],
        Timestamp = DateTimeOffset.UtcNow,
        TraceId = succeededTrace,
        FeedbackSource = "user",
        FeedbackType = "thumbs",
        Value = "up",
        FeedbackUserId = "user-42",
        Comment = "Quick and correct",
    },
});

if (dryRun)
{
    DryRunOutput.Print(
        dryRunClient.Events,
        "No POSTHOG_API_KEY: dry run.",
        "Set POSTHOG_API_KEY (and POSTHOG_HOST for EU or self-hosted) to send these traces to PostHog.");
    return 0;
}

await exporter.FlushAsync();
var diagnostics = exporter.GetDiagnostics();
Console.WriteLine($"Sent {diagnostics.EventsSent} events ({diagnostics.EventsFailed} failed, {diagnostics.EventsDroppedTooLarge + diagnostics.EventsDroppedQueueFull} dropped) to {Environment.GetEnvironmentVariable("POSTHOG_HOST") ?? "https://us.i.posthog.com"}.");
Console.WriteLine("Open PostHog → LLM analytics → Traces and look for the traces of user-42 (session-7).");
return diagnostics.EventsFailed == 0 ? 0 : 1;

static PosthogExporterOptions WithDryRunKey(PosthogExporterOptions options)
{
    // The dry-run client sends nothing; the exporter only needs a key to be enabled.
    options.ApiKey = "dry-run";
    return options;
}
