using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks;
using AgentTracing.PostHog;
using Microsoft.Extensions.AI;

namespace AgentDemo;

/// <summary>
/// <c>--meai</c>: a Microsoft.Extensions.AI pipeline (<c>UseFunctionInvocation().UseOpenTelemetry()</c>) over a scripted chat
/// model, traced by <see cref="GenAIActivityBridge"/> alone: no tracing events are written by hand.
/// </summary>
internal static class MeaiDemo
{
    public static async Task<int> RunAsync(PosthogExporter exporter, DryRunPostHogClient? dryRunClient)
    {
        // The one line: every GenAI activity of Microsoft.Extensions.AI, the Agent Framework and Semantic Kernel goes to PostHog.
        using var bridge = new GenAIActivityBridge(exporter);

        var weather = AIFunctionFactory.Create(([Description("The city")] string city) => "21°C and sunny", "get_weather", "Gets the current weather of a city");
        using IChatClient client = new ChatClientBuilder(new ScriptedWeatherChatClient())
            .UseFunctionInvocation()
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true) // content is opt-in, as in any MEAI app
            .Build();

        // The app's request: its user travels as baggage, the conversation id becomes the PostHog session.
        using (var request = new Activity("weather request").AddBaggage("user.id", "user-42").Start())
        {
            var answer = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, "You are a helpful weather assistant."), new ChatMessage(ChatRole.User, "What's the weather in Paris?")],
                new ChatOptions { Tools = [weather], Temperature = 0.2f, MaxOutputTokens = 256, ConversationId = "session-7" });
            Console.WriteLine($"Answer: {answer.Text}\n");
        }

        // The bridge converts activities on its own thread: a flush hands over everything that has stopped, then sends it.
        await exporter.FlushAsync();
        if (dryRunClient is not null)
        {
            DryRunOutput.Print(
                dryRunClient.Events,
                "Microsoft.Extensions.AI through GenAIActivityBridge. No POSTHOG_API_KEY: dry run.",
                "Set POSTHOG_API_KEY (and POSTHOG_HOST for EU or self-hosted) to send this trace to PostHog.");
            return 0;
        }

        var diagnostics = exporter.GetDiagnostics();
        Console.WriteLine($"Sent {diagnostics.EventsSent} events ({diagnostics.EventsFailed} failed, {diagnostics.EventsDroppedTooLarge + diagnostics.EventsDroppedQueueFull} dropped) to {Environment.GetEnvironmentVariable("POSTHOG_HOST") ?? "https://us.i.posthog.com"}.");
        Console.WriteLine("Open PostHog → LLM analytics → Traces and look for the orchestrate_tools trace of user-42 (session-7).");
        return diagnostics.EventsFailed == 0 ? 0 : 1;
    }
}
