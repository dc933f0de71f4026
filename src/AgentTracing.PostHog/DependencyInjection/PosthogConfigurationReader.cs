using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AgentTracing.PostHog;

/// <summary>
/// Reads the <c>PostHog</c> configuration section without the reflection-based configuration binder (trimming and
/// NativeAOT safe). Keys are case-insensitive; a key that is absent or blank leaves the option unchanged; a value that
/// does not parse leaves it unchanged and is reported in <see cref="ConfigurationLayer.Errors"/>.
/// Durations are a <see cref="TimeSpan"/> (<c>00:00:05</c>) or a number of seconds (<c>5</c>, <c>0.5</c>).
/// </summary>
internal static class PosthogConfigurationReader
{
    /// <summary>The section every path reads: <c>PostHog</c>.</summary>
    public const string SectionName = "PostHog";

    /// <summary>Applies the <c>PostHog</c> section of <paramref name="configuration"/> (if any) to <paramref name="options"/>.</summary>
    public static void Apply(IConfiguration? configuration, PosthogExporterOptions options)
    {
        if (configuration is not null)
        {
            Apply(configuration.GetSection(SectionName), options);
        }
    }

    public static void Apply(IConfigurationSection section, PosthogExporterOptions options)
    {
        var layer = new ConfigurationLayer(section.Path);
        options.Configuration = layer;

        // ProjectApiKey and HostUrl are the names PostHog's own .NET SDK reads from the same section, so an app that
        // uses both writes its key once. The exporter's own names win when both are present.
        if (Value(section, "ApiKey") is { } apiKey)
        {
            layer.ApiKey = apiKey;
            layer.ApiKeyKey = "ApiKey";
        }
        else if (Value(section, "ProjectApiKey") is { } projectApiKey)
        {
            layer.ApiKey = projectApiKey;
            layer.ApiKeyKey = "ProjectApiKey";
        }

        if (Value(section, "Host") is { } host)
        {
            layer.Host = host;
            layer.HostKey = "Host";
        }
        else if (Value(section, "HostUrl") is { } hostUrl)
        {
            layer.Host = hostUrl;
            layer.HostKey = "HostUrl";
        }

        if (Value(section, "FlushAt") is { } flushAt && ParseInt(layer, "FlushAt", flushAt) is { } flushAtValue)
        {
            options.FlushAt = flushAtValue;
            layer.Values["FlushAt"] = flushAtValue;
        }

        if (Value(section, "FlushInterval") is { } interval && ParseDuration(layer, "FlushInterval", interval) is { } intervalValue)
        {
            options.FlushInterval = intervalValue;
            layer.Values["FlushInterval"] = intervalValue;
        }

        if (Value(section, "Serverless") is { } serverless && ParseBool(layer, "Serverless", serverless) is { } serverlessValue)
        {
            options.Serverless = serverlessValue;
        }

        if (Value(section, "DefaultDistinctId") is { } distinctId)
        {
            options.DefaultDistinctId = distinctId;
        }

        if (Value(section, "EnablePrivacyMode") is { } privacy && ParseBool(layer, "EnablePrivacyMode", privacy) is { } privacyValue)
        {
            options.EnablePrivacyMode = privacyValue;
        }

        if (Value(section, "TraceCleanupDelay") is { } delay && ParseDuration(layer, "TraceCleanupDelay", delay) is { } delayValue)
        {
            options.TraceCleanupDelay = delayValue;
            layer.Values["TraceCleanupDelay"] = delayValue;
        }

        if (Value(section, "MaxPendingCleanupTraces") is { } pending && ParseInt(layer, "MaxPendingCleanupTraces", pending) is { } pendingValue)
        {
            options.MaxPendingCleanupTraces = pendingValue;
            layer.Values["MaxPendingCleanupTraces"] = pendingValue;
        }

        if (Value(section, "StorageDirectory") is { } storage)
        {
            layer.StorageDirectory = storage;
        }

        if (Value(section, "MaxStorageBytes") is { } storageBytes && ParseLong(layer, "MaxStorageBytes", storageBytes) is { } storageBytesValue)
        {
            options.MaxStorageBytes = storageBytesValue;
            layer.Values["MaxStorageBytes"] = storageBytesValue;
        }

        if (Value(section, "MaxStorageAge") is { } storageAge && ParseDuration(layer, "MaxStorageAge", storageAge) is { } storageAgeValue)
        {
            options.MaxStorageAge = storageAgeValue;
            layer.Values["MaxStorageAge"] = storageAgeValue;
        }

        if (Value(section, "MaxTotalTraces") is { } total && ParseInt(layer, "MaxTotalTraces", total) is { } totalValue)
        {
            options.MaxTotalTraces = totalValue;
            layer.Values["MaxTotalTraces"] = totalValue;
        }
    }

    private static string? Value(IConfigurationSection section, string key)
    {
        var value = section[key];
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    private static int? ParseInt(ConfigurationLayer layer, string key, string value)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        layer.Errors.Add(Invalid(layer, key, value, "is not a whole number"));
        return null;
    }

    private static long? ParseLong(ConfigurationLayer layer, string key, string value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        layer.Errors.Add(Invalid(layer, key, value, "is not a whole number"));
        return null;
    }

    private static bool? ParseBool(ConfigurationLayer layer, string key, string value)
    {
        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        layer.Errors.Add(Invalid(layer, key, value, "is not true or false"));
        return null;
    }

    private static TimeSpan? ParseDuration(ConfigurationLayer layer, string key, string value)
    {
        if (value.IndexOf(':') >= 0)
        {
            if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
            {
                return span;
            }
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                 && !double.IsNaN(seconds) && !double.IsInfinity(seconds) && Math.Abs(seconds) <= TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        layer.Errors.Add(Invalid(layer, key, value, "is not a duration (a TimeSpan such as 00:00:05, or a number of seconds such as 5)"));
        return null;
    }

    private static string Invalid(ConfigurationLayer layer, string key, string value, string problem) =>
        $"PostHog exporter: the configuration value {layer.PathOf(key)} = '{value}' {problem}.";
}
