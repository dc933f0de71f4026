using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace AgentTracing.PostHog.Tests.Client.Fakes;

/// <summary>One timer created through <see cref="TrackingTimeProvider"/>.</summary>
/// <param name="Index">0 for the first timer created.</param>
/// <param name="DueTime">The due time it was created with.</param>
/// <param name="Period">The period (<see cref="Timeout.InfiniteTimeSpan"/> for a one-shot timer: delays, timeouts).</param>
/// <param name="CreatedAt">The fake time of its creation.</param>
public sealed record TimerRegistration(int Index, TimeSpan DueTime, TimeSpan Period, DateTimeOffset CreatedAt);

/// <summary>
/// A <see cref="FakeTimeProvider"/> (wrapped, not derived) that records every timer created on it, so a test can wait
/// until the code under test has actually registered a delay before advancing the clock. That removes the classic
/// fake-clock race ("advanced before the worker started waiting") without polling or sleeping.
/// </summary>
public sealed class TrackingTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimerRegistration> _timers = new();
    private readonly List<(Func<TimerRegistration, bool> Match, int Skip, TaskCompletionSource<TimerRegistration> Signal)> _waiters = new();

    /// <summary>Starts the clock at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public TrackingTimeProvider(DateTimeOffset? start = null) =>
        Fake = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The underlying fake clock.</summary>
    public FakeTimeProvider Fake { get; }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    /// <inheritdoc />
    public override long TimestampFrequency => Fake.TimestampFrequency;

    /// <summary>Every timer created so far.</summary>
    public IReadOnlyList<TimerRegistration> Timers
    {
        get
        {
            lock (_gate)
            {
                return _timers.ToList();
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => Fake.GetTimestamp();

    /// <summary>Advances the fake clock, firing due timers synchronously.</summary>
    public void Advance(TimeSpan delta) => Fake.Advance(delta);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        var released = new List<(TaskCompletionSource<TimerRegistration>, TimerRegistration)>();
        lock (_gate)
        {
            var registration = new TimerRegistration(_timers.Count, dueTime, period, Fake.GetUtcNow());
            _timers.Add(registration);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (match, skip, signal) = _waiters[i];
                var found = _timers.Where(match).Skip(skip).FirstOrDefault();
                if (found is not null)
                {
                    released.Add((signal, found));
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var (signal, found) in released)
        {
            signal.TrySetResult(found);
        }

        return timer;
    }

    /// <summary>
    /// Waits (real time, at most <paramref name="timeout"/>, default 15 s) for the (<paramref name="skip"/>+1)-th timer
    /// that matches <paramref name="match"/>, counting timers created before the call too.
    /// </summary>
    public Task<TimerRegistration> WaitForTimerAsync(Func<TimerRegistration, bool> match, int skip = 0, TimeSpan? timeout = null) =>
        NextTimer(match, skip).WaitAsync(timeout ?? TimeSpan.FromSeconds(15));

    /// <summary>
    /// A task completed by the (<paramref name="skip"/>+1)-th timer that matches <paramref name="match"/>; no timeout of its own.
    /// </summary>
    public Task<TimerRegistration> NextTimer(Func<TimerRegistration, bool> match, int skip = 0)
    {
        lock (_gate)
        {
            var found = _timers.Where(match).Skip(skip).FirstOrDefault();
            if (found is not null)
            {
                return Task.FromResult(found);
            }

            var tcs = new TaskCompletionSource<TimerRegistration>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, skip, tcs));
            return tcs.Task;
        }
    }
}
