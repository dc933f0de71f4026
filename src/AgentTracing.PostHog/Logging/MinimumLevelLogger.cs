using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Applies <see cref="PosthogExporterOptions.LogLevel"/> (by default nothing is held back) before the application's own
/// filters, and keeps a failing
/// logging provider from turning a log line into an exception in the application's call (the exporter never throws).
/// </summary>
internal sealed class MinimumLevelLogger(ILogger inner, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel)
    {
        try
        {
            return logLevel != LogLevel.None && logLevel >= minimum && inner.IsEnabled(logLevel);
        }
#pragma warning disable CA1031 // A logger that throws logs nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        try
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
#pragma warning disable CA1031 // A logger that throws loses the line, never the caller's call.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
