using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Keeps lines that bad input can repeat endlessly (one per event) from flooding the log: at most one line per kind
/// (its <see cref="EventId"/>) per <see cref="Interval"/>, measured on the exporter's <see cref="TimeProvider"/>, each
/// kind with its own <see cref="LogWindow"/>.
/// </summary>
internal sealed class LogRateLimiter(ILogger logger, TimeProvider time)
{
    /// <summary>The shortest time between two lines of one kind.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<int, LogWindow> _windows = [];

    /// <summary>Where the lines go.</summary>
    public ILogger Logger => logger;

    /// <summary>
    /// Counts one occurrence of the line <paramref name="eventId"/> and says whether to write it now. When it says
    /// yes, <paramref name="count"/> is the number of occurrences since the previous line of that kind, this one
    /// included. A level the logger does not write is neither counted nor written.
    /// </summary>
    public bool ShouldLog(int eventId, LogLevel level, out long count)
    {
        count = 0;
        if (!logger.IsEnabled(level))
        {
            return false;
        }

        LogWindow? window;
        lock (_windows)
        {
            if (!_windows.TryGetValue(eventId, out window))
            {
                window = new LogWindow(time, Interval);
                _windows.Add(eventId, window);
            }
        }

        return window.TryOpen(1, out count);
    }
}
