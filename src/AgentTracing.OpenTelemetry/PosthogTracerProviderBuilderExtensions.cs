using System;
using AgentTracing;
using AgentTracing.OpenTelemetry;
using AgentTracing.PostHog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenTelemetry.Trace;

/// <summary>Adds PostHog LLM analytics to an OpenTelemetry <see cref="TracerProviderBuilder"/>.</summary>
public static class PosthogTracerProviderBuilderExtensions
{
    /// <summary>
    /// Sends the GenAI spans this tracer provider records to PostHog, with an exporter configured from the application's
    /// services or the <c>POSTHOG_API_KEY</c> and <c>POSTHOG_HOST</c> environment variables.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddPosthogExporter(this TracerProviderBuilder builder) =>
        AddPosthogExporter(builder, configure: null, configureBridge: null);

    /// <summary>Sends the GenAI spans this tracer provider records to PostHog, with an exporter created from <paramref name="configure"/>.</summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configure">Settings of the exporter the processor creates.</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddPosthogExporter(this TracerProviderBuilder builder, Action<PosthogExporterOptions>? configure) =>
        AddPosthogExporter(builder, configure, configureBridge: null);

    /// <summary>
    /// Sends the GenAI spans of Microsoft.Extensions.AI, the Microsoft Agent Framework and Semantic Kernel that this tracer
    /// provider records to PostHog, as <c>$ai_trace</c>, <c>$ai_generation</c> and <c>$ai_span</c> events. Adds the GenAI
    /// activity sources (<see cref="GenAIActivityBridgeOptions.SourceNames"/>) to the provider and a processor that maps
    /// their spans as <see cref="GenAIActivityBridge"/> does. Spans the provider's sampler drops are not sent.
    /// </summary>
    /// <remarks>
    /// With <paramref name="configure"/>, the processor creates its own <see cref="PosthogExporter"/> and shuts it down
    /// with the provider. Without it, a <see cref="PosthogExporter"/> (else an <see cref="ITracingExporter"/>) registered
    /// in the application's services is used when there is one, else one is created. A created exporter is configured as
    /// <c>AddPosthogExporter</c> configures one: <paramref name="configure"/>, then the <c>POSTHOG_API_KEY</c> and
    /// <c>POSTHOG_HOST</c> environment variables, then the <c>PostHog</c> section of the application's configuration;
    /// invalid values make building the provider (the host's start) fail with a message naming each. Do not also start a
    /// <see cref="GenAIActivityBridge"/>: every span would be sent twice.
    /// </remarks>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configure">Settings of the exporter the processor creates.</param>
    /// <param name="configureBridge">Adjusts the mapping settings (source names, user and session resolvers, ...).</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddPosthogExporter(
        this TracerProviderBuilder builder,
        Action<PosthogExporterOptions>? configure,
        Action<GenAIActivityBridgeOptions>? configureBridge)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var bridgeOptions = BridgeOptions(builder, configureBridge);
        return builder.AddProcessor(sp =>
        {
            bridgeOptions.Logger ??= sp.GetService<ILoggerFactory>()?.CreateLogger<GenAIActivityBridge>();
            if (configure is null)
            {
                ITracingExporter? registered = sp.GetService<PosthogExporter>();
                registered ??= sp.GetService<ITracingExporter>();
                if (registered is not null)
                {
                    return new PosthogGenAIProcessor(registered, bridgeOptions, ownsExporter: false);
                }
            }

            return new PosthogGenAIProcessor(PosthogExporterFactory.Create(sp, configure), bridgeOptions, ownsExporter: true);
        });
    }

    /// <summary>
    /// Sends the GenAI spans this tracer provider records to <paramref name="exporter"/> (usually a
    /// <see cref="PosthogExporter"/>), which the caller owns: the provider flushes it on shutdown but does not shut it down.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="exporter">The exporter.</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddPosthogExporter(this TracerProviderBuilder builder, ITracingExporter exporter) =>
        AddPosthogExporter(builder, exporter, configureBridge: null);

    /// <summary>
    /// Sends the GenAI spans this tracer provider records to <paramref name="exporter"/> (usually a
    /// <see cref="PosthogExporter"/>), which the caller owns: the provider flushes it on shutdown but does not shut it down.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="exporter">The exporter.</param>
    /// <param name="configureBridge">Adjusts the mapping settings (source names, user and session resolvers, ...).</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddPosthogExporter(
        this TracerProviderBuilder builder,
        ITracingExporter exporter,
        Action<GenAIActivityBridgeOptions>? configureBridge)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (exporter is null)
        {
            throw new ArgumentNullException(nameof(exporter));
        }

        var bridgeOptions = BridgeOptions(builder, configureBridge);
        return builder.AddProcessor(sp =>
        {
            bridgeOptions.Logger ??= sp.GetService<ILoggerFactory>()?.CreateLogger<GenAIActivityBridge>();
            return new PosthogGenAIProcessor(exporter, bridgeOptions, ownsExporter: false);
        });
    }

    private static GenAIActivityBridgeOptions BridgeOptions(TracerProviderBuilder builder, Action<GenAIActivityBridgeOptions>? configure)
    {
        var options = new GenAIActivityBridgeOptions();
        configure?.Invoke(options);
        foreach (var name in options.SourceNames)
        {
            if (!string.IsNullOrEmpty(name))
            {
                builder.AddSource(name);
            }
        }

        return options;
    }
}
