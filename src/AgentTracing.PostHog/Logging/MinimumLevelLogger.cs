using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>Applies <see cref="PosthogExporterOptions.LogLevel"/> on top of the application's own filters.</summary>
internal sealed class MinimumLevelLogger(ILogger inner, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
