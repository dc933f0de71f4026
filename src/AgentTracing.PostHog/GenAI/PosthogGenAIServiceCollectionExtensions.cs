using System;
using AgentTracing;
using AgentTracing.PostHog;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GenAI activity bridge in a service collection.</summary>
public static class PosthogGenAIServiceCollectionExtensions
{
    /// <summary>
    /// Sends the GenAI activities of Microsoft.Extensions.AI, the Microsoft Agent Framework and Semantic Kernel to PostHog:
    /// registers a <see cref="GenAIActivityBridge"/> singleton and a hosted service that starts it with the host and
    /// flushes the exporter when the host stops. The bridge sends to the <see cref="PosthogExporter"/> (else the
    /// <see cref="ITracingExporter"/>) registered in the container; when there is none it creates its own
    /// <see cref="PosthogExporter"/>, configured as <c>AddPosthogExporter</c> configures one (<paramref name="configureExporter"/>,
    /// then the <c>POSTHOG_API_KEY</c> and <c>POSTHOG_HOST</c> environment variables, then the <c>PostHog</c> configuration
    /// section; invalid values stop the host at start), and shuts it down when the container is disposed. Without a host,
    /// resolve <see cref="GenAIActivityBridge"/> once to start listening. The exporter is also registered as
    /// <see cref="IFeedbackExporter"/>, for feedback on the traces it sends.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the bridge settings (source names, user and session resolvers, ...).</param>
    /// <param name="configureExporter">Adjusts the settings of the exporter the bridge creates when none is registered.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPosthogGenAITracing(
        this IServiceCollection services,
        Action<GenAIActivityBridgeOptions>? configure = null,
        Action<PosthogExporterOptions>? configureExporter = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.TryAddSingleton(sp =>
        {
            var options = new GenAIActivityBridgeOptions { Logger = sp.GetService<ILoggerFactory>()?.CreateLogger<GenAIActivityBridge>() };
            configure?.Invoke(options);

            ITracingExporter? exporter = sp.GetService<PosthogExporter>();
            exporter ??= sp.GetService<ITracingExporter>();
            if (exporter is not null)
            {
                return new GenAIActivityBridge(exporter, options, ownsExporter: false);
            }

            return new GenAIActivityBridge(PosthogExporterFactory.Create(sp, configureExporter), options, ownsExporter: true);
        });
        // Feedback on the traces the bridge sends goes to the same exporter: the registered one, else the bridge's own.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedbackExporter, PosthogExporter>(static sp =>
            sp.GetService<PosthogExporter>()
            ?? sp.GetRequiredService<GenAIActivityBridge>().Exporter as PosthogExporter
            ?? throw new InvalidOperationException("The GenAI bridge sends to an ITracingExporter that is not a PosthogExporter; register an IFeedbackExporter for it.")));
        services.AddHostedService<GenAIBridgeHostedService>();
        return services;
    }
}
