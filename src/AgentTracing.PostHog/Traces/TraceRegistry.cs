using System;
using System.Collections.Generic;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// The map of trace states : delayed cleanup of finished traces, the soft cap on traces waiting for cleanup,
/// and the hard cap on all traces. One short lock guards the map only; events of a trace are processed under the
/// trace's own lock (taken before this one, never after), so traces do not wait on each other.
/// </summary>
/// <remarks>
/// Every trace waits the same delay, so the traces waiting for cleanup are in the order they become due. One timer
/// serves them all: it is set for the first one, removes every trace that is due when it fires, and is set again for
/// the next. A trace used again leaves the list; the timer then finds it gone, or the next one not yet due.
/// </remarks>
internal sealed class TraceRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TraceState> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<TraceState> _byCreation = new();
    private readonly LinkedList<TraceState> _pendingCleanup = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cleanupDelay;
    private readonly int _maxPendingCleanup;
    private readonly int _maxTotal;
    private readonly ITimer _cleanupTimer;
    private readonly Action<List<TraceState>>? _onCleanedUp;
    private bool _cleanupTimerSet;
    private bool _closed;

    /// <param name="timeProvider">The clock of the cleanup timer.</param>
    /// <param name="cleanupDelay">How long a finished trace is kept.</param>
    /// <param name="maxPendingCleanup">How many finished traces are kept at most.</param>
    /// <param name="maxTotal">How many traces are kept at most.</param>
    /// <param name="onCleanedUp">Called, outside any lock, with the traces the cleanup timer removed that still hold spans waiting for their parent.</param>
    public TraceRegistry(TimeProvider timeProvider, TimeSpan cleanupDelay, int maxPendingCleanup, int maxTotal, Action<List<TraceState>>? onCleanedUp = null)
    {
        _onCleanedUp = onCleanedUp;
        _timeProvider = timeProvider;
        _cleanupDelay = cleanupDelay;
        _maxPendingCleanup = Math.Max(0, maxPendingCleanup);
        _maxTotal = Math.Max(1, maxTotal);
        _cleanupTimer = timeProvider.CreateTimer(static registry => ((TraceRegistry)registry!).OnCleanupDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The number of trace states held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _traces.Count;
            }
        }
    }

    /// <summary>The number of traces waiting for cleanup.</summary>
    public int PendingCleanupCount
    {
        get
        {
            lock (_gate)
            {
                return _pendingCleanup.Count;
            }
        }
    }

    /// <summary>
    /// Gets or creates the state of <paramref name="traceId"/> and marks it in use, which cancels a pending cleanup.
    /// Creating a state may exceed the hard cap: the oldest states are then removed and returned in
    /// <paramref name="killed"/>, for the caller to abort their active spans. Returns <see langword="null"/> once closed.
    /// </summary>
    public TraceState? Acquire(string traceId, out List<TraceState>? killed)
    {
        killed = null;
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            if (!_traces.TryGetValue(traceId, out var state))
            {
                state = new TraceState(traceId);
                _traces.Add(traceId, state);
                state.CreationNode = _byCreation.AddLast(state);
                while (_traces.Count > _maxTotal)
                {
                    var victim = _byCreation.First!.Value;
                    RemoveLocked(victim);
                    (killed ??= []).Add(victim);
                }
            }

            CancelCleanupLocked(state);
            state.Users++;
            return state;
        }
    }

    /// <summary>
    /// How many of the most recently finished traces are kept whole; older finished traces are compacted (see
    /// <see cref="TraceState.Compact"/>), so that the caller's objects do not live on in every garbage collection.
    /// </summary>
    public const int WholeFinishedTraces = 16;

    /// <summary>
    /// Marks the state no longer in use; schedules its cleanup when it has no active spans. Call under the trace's lock.
    /// Finished traces removed to keep within the soft cap that still hold spans waiting for their parent are returned
    /// in <paramref name="evicted"/>, for the caller to send those once it has released the lock. The finished trace
    /// that this one pushed out of the whole ones is returned in <paramref name="aged"/>, for the caller to compact
    /// with <see cref="CompactIfFinished"/> once it has released this one.
    /// </summary>
    public void Release(TraceState state, out List<TraceState>? evicted, out TraceState? aged)
    {
        evicted = null;
        aged = null;
        lock (_gate)
        {
            state.Users--;
            if (state.Removed || _closed || state.Users > 0 || state.Active.Count > 0 || state.IsPendingCleanup)
            {
                return;
            }

            state.PendingNode ??= new LinkedListNode<TraceState>(state);
            _pendingCleanup.AddLast(state.PendingNode);
            state.CleanupDueAt = _timeProvider.GetUtcNow() + _cleanupDelay;
            if (!_cleanupTimerSet)
            {
                SetCleanupTimerLocked(_cleanupDelay);
            }

            while (_pendingCleanup.Count > _maxPendingCleanup)
            {
                var victim = _pendingCleanup.First!.Value;
                RemoveLocked(victim);
                if (victim.Held is not null)
                {
                    (evicted ??= []).Add(victim);
                }
            }

            if (_pendingCleanup.Count > WholeFinishedTraces)
            {
                var node = _pendingCleanup.Last!;
                for (var i = 0; i < WholeFinishedTraces; i++)
                {
                    node = node.Previous!;
                }

                aged = node.Value;
            }
        }
    }

    /// <summary>
    /// Compacts a trace <see cref="Release"/> returned as aged, under its lock, if it is still finished: waiting for
    /// its cleanup and in use by no event. An event that acquires it meanwhile waits for the lock and finds it compacted.
    /// </summary>
    public void CompactIfFinished(TraceState state)
    {
        lock (state.Sync)
        {
            bool finished;
            lock (_gate)
            {
                finished = state.IsPendingCleanup && state.Users == 0;
            }

            if (finished)
            {
                state.Compact();
            }
        }
    }

    /// <summary>The states held now, in creation order.</summary>
    public List<TraceState> Snapshot()
    {
        lock (_gate)
        {
            return new List<TraceState>(_byCreation);
        }
    }

    /// <summary>Closes the registry (shutdown): stops the cleanup timer and returns all states in creation order.</summary>
    public List<TraceState> Close()
    {
        lock (_gate)
        {
            _closed = true;
            _cleanupTimer.Dispose();
            _cleanupTimerSet = false;
            var states = new List<TraceState>(_byCreation);
            foreach (var state in states)
            {
                RemoveLocked(state);
            }

            return states;
        }
    }

    /// <summary>Removes every trace whose cleanup is due, then sets the timer for the next one, if any.</summary>
    private void OnCleanupDue()
    {
        List<TraceState>? withHeld = null;
        lock (_gate)
        {
            _cleanupTimerSet = false;
            if (_closed)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            while (_pendingCleanup.First is { } first && first.Value.CleanupDueAt <= now)
            {
                RemoveLocked(first.Value);
                if (first.Value.Held is not null)
                {
                    (withHeld ??= []).Add(first.Value);
                }
            }

            if (_pendingCleanup.First is { } next)
            {
                SetCleanupTimerLocked(next.Value.CleanupDueAt - now);
            }
        }

        if (withHeld is not null)
        {
            _onCleanedUp?.Invoke(withHeld);
        }
    }

    private void SetCleanupTimerLocked(TimeSpan dueIn)
    {
        // Set first: a time provider may fire at once, on this thread, while the lock is held.
        _cleanupTimerSet = true;
        _cleanupTimer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Takes the state off the cleanup list; the timer, set for the list's first trace, finds it gone.</summary>
    private void CancelCleanupLocked(TraceState state)
    {
        if (state.IsPendingCleanup)
        {
            _pendingCleanup.Remove(state.PendingNode!);
        }
    }

    private void RemoveLocked(TraceState state)
    {
        CancelCleanupLocked(state);
        if (state.CreationNode is not null)
        {
            _byCreation.Remove(state.CreationNode);
            state.CreationNode = null;
        }

        _traces.Remove(state.TraceId);
        state.Removed = true;
    }
}
