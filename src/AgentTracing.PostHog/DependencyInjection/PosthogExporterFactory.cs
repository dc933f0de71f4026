using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Creates the exporter of a setup that has an application's services but no registered exporter
/// (<c>AddPosthogGenAITracing</c>, the OpenTelemetry <c>AddPosthogExporter</c>), exactly as <c>AddPosthogExporter</c>
/// would: the <c>PostHog</c> section of the application's <see cref="IConfiguration"/>, then the environment, then
/// code; the application's logger factory and clock; and invalid values reported at once as an exception.
/// </summary>
internal static class PosthogExporterFactory
{
    /// <summary>The options of such a setup: the configuration section first, then <paramref name="configure"/>.</summary>
    public static PosthogExporterOptions Options(IServiceProvider services, Action<PosthogExporterOptions>? configure)
    {
        var options = new PosthogExporterOptions();
        PosthogConfigurationReader.Apply(services.GetService<IConfiguration>(), options);
        configure?.Invoke(options);
        FillFromServices(options, services.GetService<ILoggerFactory>(), services.GetService<TimeProvider>());
        return options;
    }

    /// <summary>An exporter the caller owns, from <see cref="Options"/>; throws when a setting is invalid.</summary>
    public static PosthogExporter Create(IServiceProvider services, Action<PosthogExporterOptions>? configure) =>
        new(Options(services, configure), client: null, ownsClient: true, throwOnInvalidSettings: true);

    /// <summary>Fills what the application's services provide and the options left unset: the logger and the clock.</summary>
    public static void FillFromServices(PosthogExporterOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        if (options.Logger is null && loggerFactory is not null)
        {
            options.Logger = loggerFactory.CreateLogger<PosthogExporter>();
        }

        if (timeProvider is not null && ReferenceEquals(options.TimeProvider, TimeProvider.System))
        {
            options.TimeProvider = timeProvider;
        }
    }
}
