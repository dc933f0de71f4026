using System;
using System.Net.Http.Headers;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>Backoff with jitter and the <c>Retry-After</c> floor: never retry sooner than the server asked.</summary>
internal static class RetryDelay
{
    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1-based):
    /// <c>jittered = min(max, min(max, initial × 2^(retry−1)) × factor)</c>, then <c>max(jittered, min(retryAfter, max))</c>.
    /// </summary>
    /// <param name="retry">1 for the first retry.</param>
    /// <param name="initial">InitialRetryDelay.</param>
    /// <param name="max">MaxRetryDelay.</param>
    /// <param name="jitterFactor">A uniform random factor in [0.8, 1.2).</param>
    /// <param name="retryAfter">A valid, positive Retry-After, or <see langword="null"/>.</param>
    public static TimeSpan Compute(int retry, TimeSpan initial, TimeSpan max, double jitterFactor, TimeSpan? retryAfter)
    {
        var maxMs = max.TotalMilliseconds;
        var exponent = Math.Min(Math.Max(retry - 1, 0), 30);
        var baseMs = Math.Min(maxMs, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jitteredMs = Math.Min(maxMs, baseMs * jitterFactor);
        if (retryAfter is { } floor && floor > TimeSpan.Zero)
        {
            jitteredMs = Math.Max(jitteredMs, Math.Min(floor.TotalMilliseconds, maxMs));
        }

        return TimeSpan.FromMilliseconds(Math.Max(0, jitteredMs));
    }

    /// <summary>
    /// Reads <c>Retry-After</c> as delta-seconds or an HTTP-date measured from <paramref name="now"/>.
    /// Returns <see langword="null"/> for a missing, unparseable, zero, negative or past value.
    /// </summary>
    public static TimeSpan? Parse(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta > TimeSpan.Zero ? delta : null;
        }

        if (header.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : null;
        }

        return null;
    }
}
