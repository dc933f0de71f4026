using System;
using System.Collections.Concurrent;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// The converter's work between an activity callback and the exporter: the callback posts an item and returns, and a
/// background thread of its own runs the items one at a time, in the order posted. Whoever runs an item holds the
/// queue's lock, so items never run at once or out of order, whether the worker or a flush runs them.
/// </summary>
/// <remarks>
/// Bounded without losing anything: a callback that finds more than <see cref="Capacity"/> items waiting waits until
/// the worker has brought the queue down to half of it, so an application that outpaces the conversion slows down to
/// its pace instead of growing memory or dropping activities (waiting for half, not for one free place, wakes the
/// caller once per many items instead of once per item). It waits for the worker rather than converting itself, so that the two never take
/// turns at the lock, and the worker has a thread of its own, so that waiting for it cannot starve the thread pool. The
/// thread ends after a while without work and the next post starts another, so a queue no longer used holds no thread.
/// Nothing here waits for I/O: running an item only converts it and hands it to the exporter's queue.
/// </remarks>
internal sealed class ConversionQueue<T> : IDisposable
{
    // A waiting caller runs an item itself after this long without room: the worker only converts, so this happens only
    // when the machine is starved of CPU, and it keeps the caller from waiting without bound.
    private static readonly TimeSpan RoomWait = TimeSpan.FromMilliseconds(100);

    // How long the worker waits for work before its thread ends; the next post starts another. A converter the
    // application no longer uses then holds no thread.
    private static readonly TimeSpan DefaultIdleExit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<T> _items = new();
    private readonly object _runGate = new();
    private readonly object _roomGate = new();
    private readonly Action<T> _run;
    private readonly bool _startWorker;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly TimeSpan _idleExit;

    // Set and cleared under _roomGate, so that a wake never signals a worker that has decided to end.
    private Thread? _worker;

    // Items posted and not yet run to the end: an item leaves the count only after it has run, so a drain that sees
    // none waiting knows that none is still running either.
    private int _count;

    // 1 while the worker has been signalled and has not yet looked at the queue.
    private int _signalled;
    private int _waitingForRoom;
    private volatile bool _disposed;

    /// <summary>Creates a queue that runs items with <paramref name="run"/>, which must not throw.</summary>
    /// <param name="run">Runs one item.</param>
    /// <param name="capacity">How many items may wait before a caller waits for room.</param>
    /// <param name="startWorker">Whether to run a worker; without one (in tests), items run when drained or when a caller finds no room.</param>
    /// <param name="idleExit">How long the worker waits for work before its thread ends; 30 seconds by default.</param>
    public ConversionQueue(Action<T> run, int capacity, bool startWorker = true, TimeSpan? idleExit = null)
    {
        _run = run;
        Capacity = capacity;
        _startWorker = startWorker;
        _idleExit = idleExit ?? DefaultIdleExit;
    }

    /// <summary>How many items may wait before a caller waits for room.</summary>
    public int Capacity { get; }

    /// <summary>How many items may wait before a post that does not ask to wake the worker wakes it anyway.</summary>
    public int WakeAt { get; } = 32;

    /// <summary>How few items must be left before a caller that found no room goes on: half the capacity.</summary>
    private int RoomAt => Capacity / 2;

    /// <summary>Items posted and not yet run.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The worker's thread while it runs; <see langword="null"/> before the first post and once it has been idle.</summary>
    internal Thread? Worker
    {
        get
        {
            lock (_roomGate)
            {
                return _worker;
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> and returns; with no room, first waits until the worker has made some.</summary>
    /// <param name="item">The work.</param>
    /// <param name="wake">Whether to wake the worker now; otherwise it wakes once <see cref="WakeAt"/> items wait.</param>
    public void Post(T item, bool wake = true)
    {
        _items.Enqueue(item);
        var count = Interlocked.Increment(ref _count);
        if (wake || count >= WakeAt)
        {
            Wake();
        }

        if (count > Capacity)
        {
            WaitForRoom();
        }
    }

    /// <summary>Runs, on this thread, every item posted before the call that has not run yet, and waits for one still running.</summary>
    public void Drain()
    {
        var pending = Volatile.Read(ref _count);
        while (pending-- > 0 && RunOne())
        {
        }
    }

    /// <summary>Stops the worker after the item it is running; items still queued stay for <see cref="Drain"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _signal.Release();
    }

    private void Wake()
    {
        if (!_startWorker || _disposed || Volatile.Read(ref _signalled) != 0 || Interlocked.Exchange(ref _signalled, 1) != 0)
        {
            return;
        }

        lock (_roomGate)
        {
            _worker ??= StartWorker();
            _signal.Release();
        }
    }

    private Thread StartWorker()
    {
        var thread = new Thread(Work) { IsBackground = true, Name = "PostHog GenAI bridge" };
        thread.Start();
        return thread;
    }

    private void WaitForRoom()
    {
        Interlocked.Increment(ref _waitingForRoom);
        try
        {
            while (Volatile.Read(ref _count) > RoomAt)
            {
                var roomMade = false;
                if (_startWorker && !_disposed)
                {
                    Wake();
                    lock (_roomGate)
                    {
                        roomMade = Volatile.Read(ref _count) <= RoomAt || Monitor.Wait(_roomGate, RoomWait);
                    }
                }

                if (!roomMade && !RunOne())
                {
                    return;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForRoom);
        }
    }

    private bool RunOne()
    {
        lock (_runGate)
        {
            if (!_items.TryDequeue(out var item))
            {
                return false;
            }

            try
            {
                _run(item);
            }
            finally
            {
                Interlocked.Decrement(ref _count);
            }
        }

        if (Volatile.Read(ref _waitingForRoom) > 0 && Volatile.Read(ref _count) <= RoomAt)
        {
            lock (_roomGate)
            {
                Monitor.PulseAll(_roomGate);
            }
        }

        return true;
    }

    private void Work()
    {
        while (!_disposed)
        {
            var signalled = _signal.Wait(_idleExit);
            Volatile.Write(ref _signalled, 0);
            try
            {
                while (!_disposed && RunOne())
                {
                }
            }
            catch (Exception)
            {
                // The runner never throws; should it, that item is gone and the worker goes on with the next one.
                Wake();
            }

            if (!signalled && EndIfIdle())
            {
                return;
            }
        }
    }

    /// <summary>Ends the worker when nothing waits and no wake is on its way; the next wake starts another.</summary>
    private bool EndIfIdle()
    {
        lock (_roomGate)
        {
            if (Volatile.Read(ref _signalled) != 0 || !_items.IsEmpty)
            {
                return false;
            }

            _worker = null;
            return true;
        }
    }
}
