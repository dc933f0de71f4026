using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>A logging provider that fails on every call, as a broken sink might.</summary>
internal sealed class ThrowingLogger : ILogger
{
    public int Calls { get; private set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => throw new InvalidOperationException("broken logger");

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Calls++;
        throw new InvalidOperationException("broken logger");
    }
}
