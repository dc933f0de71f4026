using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// The client's request slots, handed out first come, first served. The limit starts at one request and grows by one
/// with each success up to <c>MaxConcurrentRequests</c>; a retryable failure halves it. While a <c>Retry-After</c>
/// (or a 429) is in force, only one request at a time may run: the client slows down without stopping.
/// </summary>
internal sealed class RequestSlots
{
    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _waiters = new();
    private readonly int _max;
    private readonly TimeProvider _time;
    private int _active;
    private int _limit = 1;
    private long _throttledUntil = long.MinValue;

    public RequestSlots(int max, TimeProvider time)
    {
        _max = max;
        _time = time;
    }

    /// <summary>Whether a request is running now (a batch waiting for its retry holds no slot).</summary>
    public bool AnyActive => Volatile.Read(ref _active) > 0;

    /// <summary>Waits for a slot. Cancelling gives up the wait (and no slot is held).</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        LinkedListNode<TaskCompletionSource<bool>> node;
        lock (_gate)
        {
            if (_waiters.Count == 0 && _active < LimitLocked())
            {
                _active++;
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Gives a slot back and hands it to the longest waiter the current limit allows.</summary>
    public void Release()
    {
        List<TaskCompletionSource<bool>>? granted;
        lock (_gate)
        {
            _active--;
            granted = GrantLocked();
        }

        Complete(granted);
    }

    /// <summary>One request at a time until <paramref name="duration"/> has passed (the longest throttle wins).</summary>
    public void Throttle(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        var until = _time.GetTimestamp() + (long)(duration.TotalSeconds * _time.TimestampFrequency);
        lock (_gate)
        {
            if (until > _throttledUntil)
            {
                _throttledUntil = until;
            }
        }
    }

    /// <summary>A request succeeded: one more may run at once, up to the maximum.</summary>
    public void Succeeded()
    {
        List<TaskCompletionSource<bool>>? granted;
        lock (_gate)
        {
            if (_limit >= _max)
            {
                return;
            }

            _limit++;
            granted = GrantLocked();
        }

        Complete(granted);
    }

    /// <summary>A request failed in a way worth retrying: half as many may run at once.</summary>
    public void Failed()
    {
        lock (_gate)
        {
            _limit = Math.Max(1, _limit / 2);
        }
    }

    /// <summary>Whether a throttle is in force now.</summary>
    public bool IsThrottled
    {
        get
        {
            lock (_gate)
            {
                return _time.GetTimestamp() < _throttledUntil;
            }
        }
    }

    private int LimitLocked() => _time.GetTimestamp() < _throttledUntil ? 1 : _limit;

    private List<TaskCompletionSource<bool>>? GrantLocked()
    {
        List<TaskCompletionSource<bool>>? granted = null;
        var limit = LimitLocked();
        while (_waiters.First is { } first && _active < limit)
        {
            _waiters.RemoveFirst();
            _active++;
            (granted ??= new List<TaskCompletionSource<bool>>()).Add(first.Value);
        }

        return granted;
    }

    private void Complete(List<TaskCompletionSource<bool>>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (var waiter in granted)
        {
            if (!waiter.TrySetResult(true))
            {
                // The waiter was cancelled meanwhile: its slot goes to the next one.
                Release();
            }
        }
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<bool>> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is not null)
            {
                _waiters.Remove(node);
            }
        }

        node.Value.TrySetCanceled(cancellationToken);
    }
}
