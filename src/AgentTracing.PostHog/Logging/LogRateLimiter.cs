using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Keeps lines that bad input can repeat endlessly (one per event) from flooding the log: at most one line per kind
/// (its <see cref="EventId"/>) per <see cref="Interval"/>, measured on the exporter's <see cref="TimeProvider"/>.
/// Occurrences in between are counted, and the next line that is written carries the count, so no occurrence goes
/// unreported as long as the kind recurs.
/// </summary>
internal sealed class LogRateLimiter(ILogger logger, TimeProvider time)
{
    /// <summary>The shortest time between two lines of one kind.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Dictionary<int, Window> _windows = [];

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

        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_windows.TryGetValue(eventId, out var window))
            {
                window = new Window();
                _windows.Add(eventId, window);
            }

            window.Pending++;
            if (window.LastLine is { } last && time.GetElapsedTime(last, now) < Interval)
            {
                return false;
            }

            window.LastLine = now;
            count = window.Pending;
            window.Pending = 0;
            return true;
        }
    }

    private sealed class Window
    {
        public long? LastLine { get; set; }

        public long Pending { get; set; }
    }
}
