using System;
using System.Collections.Generic;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// The map of trace states (spec §16.3): delayed cleanup of finished traces, the soft cap on traces waiting for cleanup,
/// and the hard cap on all traces. One short lock guards the map only; events of a trace are processed under the
/// trace's own lock (taken before this one, never after), so traces do not wait on each other.
/// </summary>
internal sealed class TraceRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TraceState> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<TraceState> _byCreation = new();
    private readonly LinkedList<TraceState> _pendingCleanup = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cleanupDelay;
    private readonly int _maxPendingCleanup;
    private readonly int _maxTotal;
    private bool _closed;

    public TraceRegistry(TimeProvider timeProvider, TimeSpan cleanupDelay, int maxPendingCleanup, int maxTotal)
    {
        _timeProvider = timeProvider;
        _cleanupDelay = cleanupDelay;
        _maxPendingCleanup = Math.Max(0, maxPendingCleanup);
        _maxTotal = Math.Max(1, maxTotal);
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

    /// <summary>Marks the state no longer in use; schedules its cleanup when it has no active spans. Call under the trace's lock.</summary>
    public void Release(TraceState state)
    {
        lock (_gate)
        {
            state.Users--;
            if (state.Removed || _closed || state.Users > 0 || state.Active.Count > 0 || state.PendingNode is not null)
            {
                return;
            }

            state.PendingNode = _pendingCleanup.AddLast(state);
            state.CleanupDueAt = _timeProvider.GetUtcNow() + _cleanupDelay;
            if (state.CleanupTimer is null)
            {
                state.CleanupTimer = _timeProvider.CreateTimer(OnCleanupDue, state, _cleanupDelay, Timeout.InfiniteTimeSpan);
            }
            else
            {
                state.CleanupTimer.Change(_cleanupDelay, Timeout.InfiniteTimeSpan);
            }

            while (_pendingCleanup.Count > _maxPendingCleanup)
            {
                RemoveLocked(_pendingCleanup.First!.Value);
            }
        }
    }

    /// <summary>Closes the registry (shutdown): cancels every timer and returns all states in creation order.</summary>
    public List<TraceState> Close()
    {
        lock (_gate)
        {
            _closed = true;
            var states = new List<TraceState>(_byCreation);
            foreach (var state in states)
            {
                RemoveLocked(state);
            }

            return states;
        }
    }

    private void OnCleanupDue(object? value)
    {
        var state = (TraceState)value!;
        lock (_gate)
        {
            // A firing scheduled before the state was used again finds it not pending, or not yet due.
            if (state.PendingNode is not null && state.Users == 0 && !state.Removed && _timeProvider.GetUtcNow() >= state.CleanupDueAt)
            {
                RemoveLocked(state);
            }
        }
    }

    /// <summary>Takes the state off the cleanup list. Its timer is kept for reuse; a stale firing finds it not pending.</summary>
    private void CancelCleanupLocked(TraceState state)
    {
        if (state.PendingNode is not null)
        {
            _pendingCleanup.Remove(state.PendingNode);
            state.PendingNode = null;
        }
    }

    private void RemoveLocked(TraceState state)
    {
        CancelCleanupLocked(state);
        state.CleanupTimer?.Dispose();
        state.CleanupTimer = null;
        if (state.CreationNode is not null)
        {
            _byCreation.Remove(state.CreationNode);
            state.CreationNode = null;
        }

        _traces.Remove(state.TraceId);
        state.Removed = true;
    }
}
