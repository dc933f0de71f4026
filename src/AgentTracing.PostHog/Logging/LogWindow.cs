using System;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// The rate limit of one kind of log line: at most one line per interval, measured on a <see cref="TimeProvider"/>.
/// Occurrences in between are counted, and the next line written carries the count, so none goes unreported as long
/// as the kind recurs. Lock-free: callers on any thread may count at once.
/// </summary>
internal sealed class LogWindow(TimeProvider time, TimeSpan interval)
{
    private long _pending;
    private long _lastLine = long.MinValue;

    /// <summary>
    /// Counts <paramref name="occurrences"/> and says whether to write the line now. When it says yes,
    /// <paramref name="count"/> is the number of occurrences since the previous line, these included.
    /// </summary>
    public bool TryOpen(long occurrences, out long count)
    {
        count = 0;
        Interlocked.Add(ref _pending, occurrences);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastLine);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < interval)
        {
            return false;
        }

        // Of callers that find the window open at once, one writes the line.
        if (Interlocked.CompareExchange(ref _lastLine, now, last) != last)
        {
            return false;
        }

        count = Interlocked.Exchange(ref _pending, 0);
        return true;
    }
}
