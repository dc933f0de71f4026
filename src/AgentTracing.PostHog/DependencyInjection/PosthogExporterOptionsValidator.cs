using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog;

/// <summary>
/// Rejects, at host start, what the exporter would otherwise replace by a default or treat as a disabled exporter:
/// configuration values that do not parse, a host that is not an absolute http(s) URL, a FlushAt below 1, a
/// non-positive FlushInterval and out-of-range cache limits. A missing API key is not an error (the exporter is disabled).
/// Messages never contain the API key.
/// </summary>
internal sealed class PosthogExporterOptionsValidator : IValidateOptions<PosthogExporterOptions>
{
    private const string Prefix = "PostHog exporter: ";
    private readonly IConfiguration? _configuration;

    public PosthogExporterOptionsValidator(IConfiguration? configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, PosthogExporterOptions options)
    {
        var errors = new List<string>();
        if (_configuration is not null)
        {
            // The same reading as the configure step, onto a scratch object, only to collect what did not parse.
            PosthogConfigurationReader.Apply(_configuration.GetSection(PosthogExporterServiceCollectionExtensions.ConfigurationSectionName), new PosthogExporterOptions(), errors);
        }

        ValidateHost(options, errors);
        if (options.FlushAt is { } flushAt && flushAt < 1)
        {
            errors.Add(Prefix + $"FlushAt must be at least 1, got {flushAt.ToString(CultureInfo.InvariantCulture)} (PostHog:FlushAt).");
        }

        if (options.FlushInterval is { } interval && interval <= TimeSpan.Zero)
        {
            errors.Add(Prefix + $"FlushInterval must be positive, got {interval.ToString("c", CultureInfo.InvariantCulture)} (PostHog:FlushInterval).");
        }

        if (options.TraceCleanupDelay < TimeSpan.Zero)
        {
            errors.Add(Prefix + $"TraceCleanupDelay must not be negative, got {options.TraceCleanupDelay.ToString("c", CultureInfo.InvariantCulture)} (PostHog:TraceCleanupDelay).");
        }

        if (options.MaxPendingCleanupTraces < 0)
        {
            errors.Add(Prefix + $"MaxPendingCleanupTraces must not be negative, got {options.MaxPendingCleanupTraces.ToString(CultureInfo.InvariantCulture)} (PostHog:MaxPendingCleanupTraces).");
        }

        if (options.MaxTotalTraces < 1)
        {
            errors.Add(Prefix + $"MaxTotalTraces must be at least 1, got {options.MaxTotalTraces.ToString(CultureInfo.InvariantCulture)} (PostHog:MaxTotalTraces).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Checks the host the exporter will use: the options' (code or configuration), else <c>POSTHOG_HOST</c>.</summary>
    private static void ValidateHost(PosthogExporterOptions options, List<string> errors)
    {
        string? host;
        string source;
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            host = options.Host;
            source = "Host (PostHog:Host)";
        }
        else
        {
            var environment = options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
            host = environment(ExporterSettings.HostVariable);
            source = "The environment variable " + ExporterSettings.HostVariable;
        }

        if (!string.IsNullOrWhiteSpace(host) && !ExporterSettings.IsHttpUrl(host!.Trim().TrimEnd('/')))
        {
            errors.Add(Prefix + $"{source} '{host}' is not an absolute http or https URL; use for example https://eu.i.posthog.com or your self-hosted URL.");
        }
    }
}
