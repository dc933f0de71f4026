using System;
using AgentTracing;
using AgentTracing.PostHog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="PosthogExporter"/> in an application's services (ASP.NET Core, Generic Host, or any
/// <see cref="IServiceCollection"/>).
/// </summary>
/// <remarks>
/// <para>Each setting comes from the first of: the <c>configure</c> delegate (or any
/// <c>Configure&lt;PosthogExporterOptions&gt;</c>), the <c>POSTHOG_API_KEY</c> and <c>POSTHOG_HOST</c> environment
/// variables, the <c>PostHog</c> section of the application's <see cref="IConfiguration"/>
/// (<see cref="ConfigurationSectionName"/>; <c>PostHog__ApiKey</c>-style environment variables arrive through it), and the
/// defaults. They are checked when the host starts; invalid values stop the start with one
/// <see cref="OptionsValidationException"/> that names each of them. A missing API key is not an error: the exporter is
/// then disabled, with one warning, as outside dependency injection.</para>
/// <para>Inject <see cref="ITracingExporter"/> to send tracing events and <see cref="IFeedbackExporter"/> to send
/// feedback; both are the one <see cref="PosthogExporter"/>.</para>
/// <para>The exporter logs through the application's <see cref="ILoggerFactory"/> (category
/// <c>AgentTracing.PostHog.PosthogExporter</c>) unless <see cref="PosthogExporterOptions.Logger"/> is set, uses a
/// registered <see cref="TimeProvider"/> and <see cref="IPostHogClient"/> when there are any, and is shut down (open
/// spans ended, queued events sent) after the host's services have stopped, within the host's shutdown timeout.</para>
/// </remarks>
public static class PosthogExporterServiceCollectionExtensions
{
    /// <summary>The configuration section the options are read from: <c>PostHog</c>.</summary>
    public const string ConfigurationSectionName = "PostHog";

    private static readonly ServiceDescriptor ReadConfigurationSection = ServiceDescriptor.Singleton<IConfigureOptions<PosthogExporterOptions>>(
        static sp => new PosthogExporterConfigureOptions(sp.GetService<IConfiguration>()));

    /// <summary>
    /// Registers <see cref="PosthogExporter"/> as a singleton, also as <see cref="ITracingExporter"/> and
    /// <see cref="IFeedbackExporter"/>, configured from the
    /// <c>PostHog</c> configuration section and the <c>POSTHOG_*</c> environment variables, and shut down when the host stops.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddPosthogExporter(this IServiceCollection services)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.AddOptions<PosthogExporterOptions>();
        // First of all configure steps, so that code wins over the section whether it is registered before or after this call.
        if (!services.Contains(ReadConfigurationSection))
        {
            services.Insert(0, ReadConfigurationSection);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PosthogExporterOptions>, PosthogExporterPostConfigureOptions>(
            static sp => new PosthogExporterPostConfigureOptions(sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>())));

        services.TryAddSingleton(static sp => CreateExporter(sp));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITracingExporter, PosthogExporter>(
            static sp => sp.GetRequiredService<PosthogExporter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedbackExporter, PosthogExporter>(
            static sp => sp.GetRequiredService<PosthogExporter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PosthogExporterHostedService>(
            static sp => new PosthogExporterHostedService(sp.GetRequiredService<PosthogExporter>(), sp.GetService<ILoggerFactory>())));
        return services;
    }

    /// <summary>
    /// Registers <see cref="PosthogExporter"/> as <see cref="AddPosthogExporter(IServiceCollection)"/> does, then applies
    /// <paramref name="configure"/>, which wins over configuration and environment variables.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options in code, after the configuration section has been applied.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddPosthogExporter(this IServiceCollection services, Action<PosthogExporterOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.AddPosthogExporter();
        services.Configure(configure);
        return services;
    }

    private static PosthogExporter CreateExporter(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PosthogExporterOptions>>().Value;
        var client = services.GetService<IPostHogClient>();
        return new PosthogExporter(options, client, ownsClient: client is null, throwOnInvalidSettings: true);
    }
}
