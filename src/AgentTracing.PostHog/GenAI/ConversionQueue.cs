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
/// Waking the thread is a system call on the caller's side, so an awake worker is not woken: while items keep coming
/// it looks for them every few milliseconds by itself, and a post wakes it only once it has found nothing for a whole
/// interval and gone to sleep, or when many items wait. Nothing here waits for I/O: running an item only converts it
/// and hands it to the exporter's queue.
/// </remarks>
internal sealed class ConversionQueue<T> : IDisposable
{
    // A waiting caller runs an item itself after this long without room: the worker only converts, so this happens only
    // when the machine is starved of CPU, and it keeps the caller from waiting without bound.
    private static readonly TimeSpan RoomWait = TimeSpan.FromMilliseconds(100);

    // How long the worker waits for work before its thread ends; the next post starts another. A converter the
    // application no longer uses then holds no thread.
    private static readonly TimeSpan DefaultIdleExit = TimeSpan.FromSeconds(30);

    // While callbacks keep coming, the worker looks for them this often instead of being woken: waking a thread costs
    // the caller a system call (about 2 µs per activity of a chat loop measured on Linux), a look costs the worker one.
    private static readonly TimeSpan DefaultGatherInterval = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentQueue<T> _items = new();
    private readonly object _runGate = new();
    private readonly object _roomGate = new();
    private readonly Action<T> _run;
    private readonly bool _startWorker;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly TimeSpan _idleExit;
    private readonly TimeSpan _gatherInterval;

    // Set and cleared under _roomGate, so that a wake never signals a worker that has decided to end.
    private Thread? _worker;

    // Items posted and not yet run to the end: an item leaves the count only after it has run, so a drain that sees
    // none waiting knows that none is still running either.
    private int _count;

    // 1 while the worker is awake or a wake is on its way: a post that asks to wake it then leaves it alone.
    private int _signalled;

    // 1 while a wake that cannot wait (many items queued, or a caller waiting for room) is on its way.
    private int _urgent;
    private int _waitingForRoom;
    private volatile bool _disposed;

    /// <summary>Creates a queue that runs items with <paramref name="run"/>, which must not throw.</summary>
    /// <param name="run">Runs one item.</param>
    /// <param name="capacity">How many items may wait before a caller waits for room.</param>
    /// <param name="startWorker">Whether to run a worker; without one (in tests), items run when drained or when a caller finds no room.</param>
    /// <param name="idleExit">How long the worker waits for work before its thread ends; 30 seconds by default.</param>
    /// <param name="gatherInterval">How often an awake worker looks for work by itself; 10 ms by default.</param>
    public ConversionQueue(Action<T> run, int capacity, bool startWorker = true, TimeSpan? idleExit = null, TimeSpan? gatherInterval = null)
    {
        _run = run;
        Capacity = capacity;
        _startWorker = startWorker;
        _idleExit = idleExit ?? DefaultIdleExit;
        _gatherInterval = gatherInterval ?? DefaultGatherInterval;
    }

    /// <summary>How many items may wait before a caller waits for room.</summary>
    public int Capacity { get; }

    /// <summary>How many items may wait before a post that does not ask to wake the worker wakes it anyway.</summary>
    public int WakeAt { get; } = 32;

    /// <summary>How few items must be left before a caller that found no room goes on: half the capacity.</summary>
    private int RoomAt => Capacity / 2;

    /// <summary>Items posted and not yet run.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>How many times a post or a caller waiting for room has signalled the worker (tests).</summary>
    internal int Signals { get; private set; }

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
    /// <param name="wake">
    /// Whether to wake a sleeping worker now; otherwise it wakes once <see cref="WakeAt"/> items wait. An awake worker
    /// finds the item by itself.
    /// </param>
    public void Post(T item, bool wake = true)
    {
        _items.Enqueue(item);
        var count = Interlocked.Increment(ref _count);
        if (count >= WakeAt)
        {
            WakeNow();
        }
        else if (wake)
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

    /// <summary>Wakes a sleeping worker; one that is awake looks at the queue by itself.</summary>
    private void Wake()
    {
        if (!_startWorker || _disposed || Volatile.Read(ref _signalled) != 0 || Interlocked.Exchange(ref _signalled, 1) != 0)
        {
            return;
        }

        Signal();
    }

    /// <summary>Wakes the worker at once, even one that would look at the queue later by itself.</summary>
    private void WakeNow()
    {
        if (!_startWorker || _disposed || Volatile.Read(ref _urgent) != 0 || Interlocked.Exchange(ref _urgent, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _signalled, 1);
        Signal();
    }

    private void Signal()
    {
        lock (_roomGate)
        {
            // Released first: a worker this starts takes the signal as it starts.
            _signal.Release();
            _worker ??= StartWorker();
            Signals++;
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
                    WakeNow();
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
        // The post that started this thread signalled it: the signal is taken, so that the first look for more work waits.
        _signal.Wait(0);
        while (!_disposed)
        {
            // Awake: run what is queued, then look again every gather interval for as long as each look finds work.
            // Posts leave the worker alone meanwhile (_signalled is 1); only WakeNow cuts a wait short.
            Volatile.Write(ref _urgent, 0);
            RunAll();
            do
            {
                _signal.Wait(_gatherInterval);
                Volatile.Write(ref _urgent, 0);
            }
            while (!_disposed && RunAll());

            if (_disposed)
            {
                return;
            }

            // A whole interval brought nothing: sleep until a post wakes it. The flag is cleared before the queue is
            // looked at once more, so a post is either seen here or sees the cleared flag and wakes the worker.
            Interlocked.Exchange(ref _signalled, 0);
            if (_items.IsEmpty && !_signal.Wait(_idleExit) && EndIfIdle())
            {
                return;
            }

            Volatile.Write(ref _signalled, 1);
        }
    }

    /// <summary>Runs every queued item; <see langword="true"/> when there was any.</summary>
    private bool RunAll()
    {
        var ran = false;
        try
        {
            while (!_disposed && RunOne())
            {
                ran = true;
            }
        }
        catch (Exception)
        {
            // The runner never throws; should it, that item is gone and the worker goes on with the next one.
            ran = true;
        }

        return ran;
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
