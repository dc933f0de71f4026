using System;
using System.Diagnostics;
using System.Threading;

namespace AgentTracing.LoadTest;

/// <summary>Samples the process's working set on a background timer and keeps the largest value seen until stopped.</summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly Timer _timer;
    private readonly Process _process = Process.GetCurrentProcess();
    private long _peak;
    private int _stopped;

    public WorkingSetSampler(TimeSpan interval)
    {
        Sample(null);
        _timer = new Timer(Sample, null, interval, interval);
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public void Stop()
    {
        Sample(null);
        Interlocked.Exchange(ref _stopped, 1);
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
        _process.Dispose();
    }

    private void Sample(object? state)
    {
        if (Volatile.Read(ref _stopped) == 1)
        {
            return;
        }

        lock (_process)
        {
            _process.Refresh();
            var current = _process.WorkingSet64;
            if (current > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, current);
            }
        }
    }
}
