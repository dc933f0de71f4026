using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// The end of a shutdown's drain, once one has begun. A batch waiting to retry then shortens its wait so that the
/// retries it has left fit before that end, rather than being abandoned at the timeout with attempts unused: a server
/// that refuses one request in six loses nothing at shutdown that it would not lose in steady state.
/// </summary>
internal sealed class DrainDeadline : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _begun = new();
    private DateTimeOffset? _end;

    public DrainDeadline(TimeProvider time) => _time = time;

    /// <summary>Cancelled when the drain begins, to wake batches already waiting for a retry.</summary>
    public CancellationToken Begun => _begun.Token;

    /// <summary>Whether a drain has begun.</summary>
    public bool HasBegun => _begun.IsCancellationRequested;

    /// <summary>Starts the drain: it ends <paramref name="timeout"/> from now (never, for an infinite timeout).</summary>
    public void Begin(TimeSpan timeout)
    {
        if (HasBegun)
        {
            return;
        }

        _end = timeout == Timeout.InfiniteTimeSpan ? null : _time.GetUtcNow() + timeout;
        try
        {
            _begun.Cancel();
        }
#pragma warning disable CA1031 // A throwing callback of a waiting batch must not break shutdown.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// The wait before the next retry: <paramref name="delay"/>, or during a drain at most an equal share of the time
    /// left: one share for this wait, one for each of the <paramref name="retriesLeft"/> retries after it, and one for
    /// the requests themselves.
    /// </summary>
    public TimeSpan Fit(TimeSpan delay, int retriesLeft)
    {
        if (!HasBegun || _end is not { } end)
        {
            return delay;
        }

        var left = end - _time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var share = TimeSpan.FromTicks(left.Ticks / (Math.Max(retriesLeft, 0) + 2));
        return delay < share ? delay : share;
    }

    /// <summary>
    /// Waits <paramref name="delay"/> before a retry. A drain that begins meanwhile cuts the wait to what fits its
    /// timeout, so the <paramref name="retriesLeft"/> retries after this one are still made before it ends.
    /// </summary>
    public async Task WaitBeforeRetryAsync(TimeSpan delay, int retriesLeft, CancellationToken stop)
    {
        if (!HasBegun && delay > TimeSpan.Zero)
        {
            var started = _time.GetTimestamp();
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop, Begun);
            try
            {
                await TimeCompat.Delay(_time, delay, wake.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                var left = delay - _time.GetElapsedTime(started);
                delay = Fit(left > TimeSpan.Zero ? left : TimeSpan.Zero, retriesLeft);
            }
        }

        await TimeCompat.Delay(_time, delay, stop).ConfigureAwait(false);
    }

    public void Dispose() => _begun.Dispose();
}
