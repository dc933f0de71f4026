using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace AgentTracing.LoadTest;

/// <summary>
/// Samples the process working set on a timer and keeps the peak. On Linux it reads the resident size from
/// <c>/proc/self/statm</c> into a stack buffer: the sampler shares the process it measures, so it must cost next to
/// nothing and allocate nothing. Elsewhere it falls back to <see cref="Process.WorkingSet64"/>.
/// </summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly object _gate = new();
    private readonly Timer _timer;
    private readonly SafeFileHandle? _statm;
    private readonly Process? _process;
    private long _peak;
    private int _stopped;

    public WorkingSetSampler(TimeSpan interval)
    {
        if (OperatingSystem.IsLinux())
        {
            _statm = File.OpenHandle("/proc/self/statm");
        }
        else
        {
            _process = Process.GetCurrentProcess();
        }

        Sample(null);
        _timer = new Timer(Sample, null, interval, interval);
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>Starts a new measurement: the peak becomes the current working set.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _peak, 0);
        Sample(null);
    }

    public void Stop()
    {
        Sample(null);
        Interlocked.Exchange(ref _stopped, 1);
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
        _statm?.Dispose();
        _process?.Dispose();
    }

    private long Current()
    {
        if (_statm is null)
        {
            _process!.Refresh();
            return _process.WorkingSet64;
        }

        // "size resident shared text lib data dt", in pages.
        Span<byte> text = stackalloc byte[128];
        var length = RandomAccess.Read(_statm, text, 0);
        var field = 0;
        long pages = 0;
        for (var i = 0; i < length && field <= 1; i++)
        {
            var c = text[i];
            if (c == (byte)' ')
            {
                field++;
            }
            else if (field == 1)
            {
                pages = (pages * 10) + (c - (byte)'0');
            }
        }

        return pages * Environment.SystemPageSize;
    }

    private void Sample(object? state)
    {
        if (Volatile.Read(ref _stopped) == 1)
        {
            return;
        }

        lock (_gate)
        {
            var current = Current();
            if (current > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, current);
            }
        }
    }
}
