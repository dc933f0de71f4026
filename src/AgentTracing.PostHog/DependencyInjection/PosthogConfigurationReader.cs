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

        Read(section, layer, "FlushAt", ParseInt, value => options.FlushAt = value);
        Read(section, layer, "FlushInterval", ParseDuration, value => options.FlushInterval = value);
        Read(section, layer, "Serverless", ParseBool, value => options.Serverless = value, recorded: false);
        if (Value(section, "DefaultDistinctId") is { } distinctId)
        {
            options.DefaultDistinctId = distinctId;
        }

        Read(section, layer, "EnablePrivacyMode", ParseBool, value => options.EnablePrivacyMode = value, recorded: false);
        Read(section, layer, "TraceCleanupDelay", ParseDuration, value => options.TraceCleanupDelay = value);
        Read(section, layer, "MaxPendingCleanupTraces", ParseInt, value => options.MaxPendingCleanupTraces = value);
        if (Value(section, "StorageDirectory") is { } storage)
        {
            layer.StorageDirectory = storage;
        }

        Read(section, layer, "MaxStorageBytes", ParseLong, value => options.MaxStorageBytes = value);
        Read(section, layer, "MaxStorageAge", ParseDuration, value => options.MaxStorageAge = value);
        Read(section, layer, "MaxTotalTraces", ParseInt, value => options.MaxTotalTraces = value);
    }

    /// <summary>
    /// Reads <paramref name="key"/> when present, parses it (an unparsable value is reported in the layer and leaves the
    /// option unchanged), applies it, and records it in <see cref="ConfigurationLayer.Values"/> for the validation
    /// messages that name where a value came from (unless <paramref name="recorded"/> is off: values never validated).
    /// </summary>
    private static void Read<T>(IConfigurationSection section, ConfigurationLayer layer, string key, Func<ConfigurationLayer, string, string, T?> parse, Action<T> apply, bool recorded = true)
        where T : struct
    {
        if (Value(section, key) is { } text && parse(layer, key, text) is { } value)
        {
            apply(value);
            if (recorded)
            {
                layer.Values[key] = value;
            }
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
