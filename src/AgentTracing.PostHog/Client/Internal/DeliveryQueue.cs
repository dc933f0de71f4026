using System;
using System.Collections.Generic;
using System.Threading;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// The client's queue state: the two lanes, the sequence numbers, the count of unfinished events, the flush waiters
/// and the batches out in a request or a retry wait. Every member takes the lock it is given (the client's own, which
/// also guards the client's delivery counters), so each operation is one atomic step, as a snapshot must balance.
/// </summary>
internal sealed class DeliveryQueue
{
    // Everything below is guarded by _sync.
    private readonly Lock _sync;
    private readonly LaneQueue _analytics = new(Lane.Analytics);
    private readonly LaneQueue _ai = new(Lane.Ai);
    private readonly List<FlushWaiter> _waiters = new();
    private readonly Dictionary<List<QueuedEvent>, Lane> _outstanding = new();
    private long _lastSequence;
    private int _unfinished;
    private bool _shutDown;
    private bool _preferAi;

    private readonly ClientSettings _settings;
    private readonly DeliveryCounters _counters;
    private readonly Func<int> _batchThreshold;

    /// <param name="sync">The lock of every member: the client's, which guards <paramref name="counters"/> too.</param>
    /// <param name="settings">The queue and batch bounds.</param>
    /// <param name="counters">Counts each event queued and each outcome, in the same step as the queue changes.</param>
    /// <param name="batchThreshold">How many queued events in a lane wake the sender after an enqueue.</param>
    public DeliveryQueue(Lock sync, ClientSettings settings, DeliveryCounters counters, Func<int> batchThreshold)
    {
        _sync = sync;
        _settings = settings;
        _counters = counters;
        _batchThreshold = batchThreshold;
    }

    /// <summary>Serialised bytes queued now, both lanes.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_sync)
            {
                return _analytics.Bytes + _ai.Bytes;
            }
        }
    }

    /// <summary>Whether either lane holds an event.</summary>
    public bool AnyQueued
    {
        get
        {
            lock (_sync)
            {
                return _analytics.Count > 0 || _ai.Count > 0;
            }
        }
    }

    /// <summary>Batches taken from the lanes that have not ended yet.</summary>
    public int OutstandingBatches
    {
        get
        {
            lock (_sync)
            {
                return _outstanding.Count;
            }
        }
    }

    /// <summary>
    /// Queues an event at the back of its lane with the next sequence number, unless the client is shut down or the
    /// lane is at <c>MaxQueueSize</c> events or would go over <c>MaxQueueBytes</c>. <paramref name="wake"/> tells
    /// whether the lane now holds a full batch. Returns the reason of a refusal, or <see langword="null"/>.
    /// </summary>
    public PostHogRejectReason? TryEnqueue(Lane lane, QueuedEvent item, out bool wake)
    {
        var queue = lane == Lane.Ai ? _ai : _analytics;
        wake = false;
        lock (_sync)
        {
            if (_shutDown)
            {
                return PostHogRejectReason.ShutDown;
            }

            if (queue.Count >= _settings.MaxQueueSize || queue.Bytes + item.Size > _settings.MaxQueueBytes)
            {
                return PostHogRejectReason.QueueFull;
            }

            item.Sequence = ++_lastSequence;
            queue.Enqueue(item);
            _unfinished++;
            _counters.CountEnqueued();
            wake = queue.Count >= _batchThreshold() || queue.Bytes >= _settings.MaxBatchBytes;
            return null;
        }
    }

    /// <summary>
    /// Whether a lane holds a batch ready to take (see <see cref="TryTakeBatch"/>); <paramref name="empty"/> tells,
    /// read in the same step, whether both lanes are empty.
    /// </summary>
    public bool HasReadyBatch(int minEvents, out bool empty)
    {
        lock (_sync)
        {
            empty = _analytics.Count == 0 && _ai.Count == 0;
            return IsReady(_analytics, minEvents) || IsReady(_ai, minEvents);
        }
    }

    /// <summary>
    /// Takes the next batch, lanes taking turns: FIFO from the front of one lane while it holds fewer than
    /// <c>MaxBatchSize</c> events and the bytes (plus one comma each) stay within <c>MaxBatchBytes</c>;
    /// a single larger event is sent alone. Only a lane that holds at least <paramref name="minEvents"/> events or
    /// <c>MaxBatchBytes</c> bytes is taken from. The batch counts as outstanding until <see cref="Forget"/>.
    /// </summary>
    public bool TryTakeBatch(int minEvents, out Lane lane, out List<QueuedEvent> batch)
    {
        lock (_sync)
        {
            var first = _preferAi ? _ai : _analytics;
            var second = _preferAi ? _analytics : _ai;
            var queue = IsReady(first, minEvents) ? first : IsReady(second, minEvents) ? second : null;
            if (queue is null)
            {
                lane = default;
                batch = null!;
                return false;
            }

            _preferAi = queue.Lane == Lane.Analytics;
            lane = queue.Lane;
            batch = new List<QueuedEvent>(Math.Min(queue.Count, _settings.MaxBatchSize));
            long bytes = 0;
            while (queue.Count > 0 && _settings.FitsInBatch(batch.Count, bytes, queue.Peek().Size))
            {
                var next = queue.Peek();
                bytes += next.Size + (batch.Count > 0 ? 1 : 0);
                batch.Add(queue.Dequeue());
            }

            _outstanding.Add(batch, lane);
            return true;
        }
    }

    /// <summary>A batch from <see cref="TryTakeBatch"/> has ended: it no longer counts as outstanding.</summary>
    public void Forget(List<QueuedEvent> batch)
    {
        lock (_sync)
        {
            _outstanding.Remove(batch);
        }
    }

    /// <summary>
    /// Registers a flush waiting for every event queued so far, or returns <see langword="null"/> when none is unfinished.
    /// </summary>
    public FlushWaiter? TryAddFlushWaiter()
    {
        lock (_sync)
        {
            return AddWaiterLocked();
        }
    }

    /// <summary>
    /// Refuses every later event and, in the same step, registers a waiter for the unfinished ones
    /// (<see langword="null"/> when there are none).
    /// </summary>
    public FlushWaiter? ShutDown()
    {
        lock (_sync)
        {
            _shutDown = true;
            return AddWaiterLocked();
        }
    }

    /// <summary>A flush was cancelled: its waiter stops counting outcomes.</summary>
    public void RemoveWaiter(FlushWaiter waiter)
    {
        lock (_sync)
        {
            _waiters.Remove(waiter);
        }
    }

    /// <summary>
    /// Gives events their outcome (once: events that already have one are skipped), counts it and adds the events that
    /// changed to <paramref name="done"/>. Returns the flush waiters whose events are now all finished, for the caller
    /// to complete once it has reported the outcome, or <see langword="null"/>.
    /// </summary>
    public List<FlushWaiter>? Finish(IReadOnlyList<QueuedEvent> events, EventOutcome outcome, List<QueuedEvent> done)
    {
        List<FlushWaiter>? completed = null;
        lock (_sync)
        {
            foreach (var e in events)
            {
                if (e.Finished)
                {
                    continue;
                }

                e.Finished = true;
                _unfinished--;
                _counters.CountOutcome(outcome);
                done.Add(e);
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    var waiter = _waiters[i];
                    if (e.Sequence <= waiter.Watermark && waiter.Record(outcome))
                    {
                        (completed ??= new List<FlushWaiter>()).Add(waiter);
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }

        return completed;
    }

    /// <summary>
    /// Shutdown timed out: empties both lanes into the lists of their lane, adding the events of every outstanding
    /// batch. The events keep no outcome yet.
    /// </summary>
    public void DrainAll(List<QueuedEvent> analytics, List<QueuedEvent> ai)
    {
        lock (_sync)
        {
            _analytics.DrainTo(analytics);
            _ai.DrainTo(ai);
            foreach (var batch in _outstanding)
            {
                (batch.Value == Lane.Ai ? ai : analytics).AddRange(batch.Key);
            }
        }
    }

    /// <summary>The outcome counters with the queued and in-flight counts, read in one step so that they balance.</summary>
    public BalancedCounts ReadBalanced()
    {
        lock (_sync)
        {
            var queued = _analytics.Count + _ai.Count;
            return _counters.ReadBalanced(queued, _unfinished - queued);
        }
    }

    private FlushWaiter? AddWaiterLocked()
    {
        // Every event queued so far has a sequence number up to _lastSequence, and _unfinished of them
        // are still queued or in flight: those are exactly the events the waiter waits for.
        if (_unfinished == 0)
        {
            return null;
        }

        var waiter = new FlushWaiter(_lastSequence, _unfinished);
        _waiters.Add(waiter);
        return waiter;
    }

    private bool IsReady(LaneQueue queue, int minEvents) =>
        queue.Count > 0 && (queue.Count >= minEvents || queue.Bytes >= _settings.MaxBatchBytes);
}
