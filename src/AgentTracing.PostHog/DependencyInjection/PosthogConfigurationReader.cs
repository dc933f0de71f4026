using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Reads the <c>PostHog</c> configuration section into <see cref="PosthogExporterOptions"/> without the reflection-based
/// configuration binder (trimming and NativeAOT safe). Keys are case-insensitive; a key that is absent or blank leaves
/// the option unchanged; a value that does not parse leaves it unchanged and adds a message to <c>errors</c>.
/// Durations are a <see cref="TimeSpan"/> (<c>00:00:05</c>) or a number of seconds (<c>5</c>, <c>0.5</c>).
/// </summary>
internal static class PosthogConfigurationReader
{
    private static readonly string[] LogLevelNames = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    public static void Apply(IConfigurationSection section, PosthogExporterOptions options, List<string>? errors)
    {
        if (Value(section, "ApiKey") is { } apiKey)
        {
            options.ApiKey = apiKey;
        }

        if (Value(section, "Host") is { } host)
        {
            options.Host = host;
        }

        if (Value(section, "FlushAt") is { } flushAt && ParseInt(section, "FlushAt", flushAt, errors) is { } flushAtValue)
        {
            options.FlushAt = flushAtValue;
        }

        if (Value(section, "FlushInterval") is { } interval && ParseDuration(section, "FlushInterval", interval, errors) is { } intervalValue)
        {
            options.FlushInterval = intervalValue;
        }

        if (Value(section, "Serverless") is { } serverless && ParseBool(section, "Serverless", serverless, errors) is { } serverlessValue)
        {
            options.Serverless = serverlessValue;
        }

        if (Value(section, "DefaultDistinctId") is { } distinctId)
        {
            options.DefaultDistinctId = distinctId;
        }

        if (Value(section, "EnablePrivacyMode") is { } privacy && ParseBool(section, "EnablePrivacyMode", privacy, errors) is { } privacyValue)
        {
            options.EnablePrivacyMode = privacyValue;
        }

        if (Value(section, "LogLevel") is { } level && ParseLogLevel(section, level, errors) is { } levelValue)
        {
            options.LogLevel = levelValue;
        }

        if (Value(section, "TraceCleanupDelay") is { } delay && ParseDuration(section, "TraceCleanupDelay", delay, errors) is { } delayValue)
        {
            options.TraceCleanupDelay = delayValue;
        }

        if (Value(section, "MaxPendingCleanupTraces") is { } pending && ParseInt(section, "MaxPendingCleanupTraces", pending, errors) is { } pendingValue)
        {
            options.MaxPendingCleanupTraces = pendingValue;
        }

        if (Value(section, "MaxTotalTraces") is { } total && ParseInt(section, "MaxTotalTraces", total, errors) is { } totalValue)
        {
            options.MaxTotalTraces = totalValue;
        }
    }

    private static string? Value(IConfigurationSection section, string key)
    {
        var value = section[key];
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    private static int? ParseInt(IConfigurationSection section, string key, string value, List<string>? errors)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        errors?.Add(Invalid(section, key, value, "is not a whole number"));
        return null;
    }

    private static bool? ParseBool(IConfigurationSection section, string key, string value, List<string>? errors)
    {
        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        errors?.Add(Invalid(section, key, value, "is not true or false"));
        return null;
    }

    private static TimeSpan? ParseDuration(IConfigurationSection section, string key, string value, List<string>? errors)
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

        errors?.Add(Invalid(section, key, value, "is not a duration (a TimeSpan such as 00:00:05, or a number of seconds such as 5)"));
        return null;
    }

    private static LogLevel? ParseLogLevel(IConfigurationSection section, string value, List<string>? errors)
    {
        for (var i = 0; i < LogLevelNames.Length; i++)
        {
            if (string.Equals(value, LogLevelNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return (LogLevel)i;
            }
        }

        errors?.Add(Invalid(section, "LogLevel", value, "is not a log level (" + string.Join(", ", LogLevelNames) + ")"));
        return null;
    }

    private static string Invalid(IConfigurationSection section, string key, string value, string problem) =>
        $"PostHog exporter: the configuration value {section.Path}:{key} = '{value}' {problem}.";
}
