using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Client.Storage;

/// <summary>
/// Sends stored batches again, oldest first, in passes: one when the client starts, one after each successful request
/// while batch files may be there, and one every <see cref="Interval"/> (a <see cref="TimeProvider"/> timer), which also
/// picks up files other processes wrote. A pass removes expired batches, then leases and sends one batch at a time, and
/// stops at the first answer that says PostHog is not answering (a retryable failure). A batch is removed only after a
/// final answer: a 2xx (resent), or a final refusal (failed, reported); a refused batch of several events is first split
/// in halves, so only the event PostHog refuses is lost.
/// </summary>
internal sealed class StoredBatchResender : IDisposable
{
    /// <summary>How often a pass runs without a successful request to start one.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly BatchStore _store;
    private readonly Func<StoredBatch, CancellationToken, Task<(AttemptResult Result, string Path)>> _send;
    private readonly Action<PostHogDeliveryErrorReason, int?, string?, IReadOnlyList<string>, string, string?> _report;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private readonly CancellationToken _stop;
    private ITimer? _timer;
    private int _running;
    private bool _split;
    private Task _current = Task.CompletedTask;
    private long _resent;
    private long _refused;
    private long _expired;
    private long _corrupt;

    public StoredBatchResender(
        BatchStore store,
        Func<StoredBatch, CancellationToken, Task<(AttemptResult Result, string Path)>> send,
        Action<PostHogDeliveryErrorReason, int?, string?, IReadOnlyList<string>, string, string?> report,
        ILogger logger,
        TimeProvider time,
        TimeSpan maxAge,
        CancellationToken stop)
    {
        _store = store;
        _send = send;
        _report = report;
        _logger = logger;
        _time = time;
        _maxAge = maxAge;
        _stop = stop;
    }

    /// <summary>Stored events PostHog acknowledged.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>Stored events PostHog refused with a final answer; removed.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Stored events removed unsent because they were older than the age bound.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Files deleted as torn or corrupt.</summary>
    public long CorruptFiles => Interlocked.Read(ref _corrupt);

    /// <summary>The pass running now, or the last one.</summary>
    public Task Current => Volatile.Read(ref _current);

    /// <summary>Starts the timer and the first pass.</summary>
    public void Start()
    {
        _timer = _time.CreateTimer(static state => ((StoredBatchResender)state!).RequestPass(fromTimer: true), this, Interval, Interval);
        RequestPass(fromTimer: true);
    }

    /// <summary>
    /// Starts a pass unless one is running. After a successful request (not <paramref name="fromTimer"/>), only when
    /// this client may have files to send, which keeps the cost of a success with an empty directory to one read.
    /// </summary>
    public void RequestPass(bool fromTimer)
    {
        if (_stop.IsCancellationRequested || (!fromTimer && !_store.MayHaveFiles))
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref _current, Task.Run(RunPassAsync));
    }

    /// <summary>Stops the timer; a running pass ends with the client's stop token.</summary>
    public void Dispose() => _timer?.Dispose();

    private async Task RunPassAsync()
    {
        try
        {
            RemoveExpired();
            bool more;
            do
            {
                // A split batch's halves are new files: the directory is listed again to send them in this pass.
                _split = false;
                more = true;
                foreach (var name in _store.ListOldestFirst())
                {
                    if (_stop.IsCancellationRequested || !await SendOneAsync(name).ConfigureAwait(false))
                    {
                        more = false;
                        break;
                    }
                }
            }
            while (more && _split);
        }
#pragma warning disable CA1031 // A failed pass is retried by the next one; it never reaches the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!_stop.IsCancellationRequested)
            {
                ClientLog.LoopError(_logger, ex);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private void RemoveExpired()
    {
        var uuids = new List<string>();
        var (files, events) = _store.RemoveExpired(uuids);
        if (files == 0)
        {
            return;
        }

        Interlocked.Add(ref _expired, events);
        ClientLog.StoredBatchesExpired(_logger, files, events, _maxAge);
        _report(PostHogDeliveryErrorReason.StorageExpired, null, null, uuids,
            $"PostHog storage: {files} batches ({events} events) older than {_maxAge} were removed unsent", null);
    }

    /// <summary>Sends one stored batch. Returns whether the pass goes on.</summary>
    private async Task<bool> SendOneAsync(string name)
    {
        var batch = _store.TryLease(name, out var corrupt);
        if (batch is null)
        {
            if (corrupt is not null)
            {
                Interlocked.Increment(ref _corrupt);
                ClientLog.StoredBatchCorrupt(_logger, name, corrupt);
                PosthogEventSource.Log.StorageProblem("the file " + name + " is torn or corrupt (" + corrupt + "); it was deleted");
            }

            return true;
        }

        try
        {
            var (result, path) = await _send(batch, _stop).ConfigureAwait(false);
            return Handle(batch, result, path);
        }
        catch (Exception)
        {
            // Cancelled by shutdown, or an unexpected failure: the batch stays for a later pass.
            _store.Release(batch);
            throw;
        }
        finally
        {
            QueuedEvent.ReturnBuffers(batch.Events);
        }
    }

    private bool Handle(StoredBatch batch, AttemptResult result, string path)
    {
        var count = batch.Events.Count;
        if (result.IsSuccess)
        {
            _store.Remove(batch);
            Interlocked.Add(ref _resent, count);
            ClientLog.StoredBatchSent(_logger, count, path);
            return true;
        }

        // A refused key (401, 403) says nothing about the events: kept for a client with a working key, until they
        // expire, rather than deleted by a key that is wrong for a while.
        if (result.IsRetryable || result.RedirectLocation is not null || result.Status is not { } status || status is 401 or 403)
        {
            _store.Release(batch);
            return false;
        }

        if (status is 400 or 413 && count >= 2)
        {
            if (_store.TrySplit(batch))
            {
                _split = true;
                return true;
            }

            _store.Release(batch);
            return false;
        }

        _store.Remove(batch);
        Interlocked.Add(ref _refused, count);
        var body = result.Body ?? "";
        ClientLog.StoredBatchRefused(_logger, path, status, body, count);
        _report(PostHogDeliveryErrorReason.HttpError, status, path, QueuedEvent.Uuids(batch.Events),
            $"PostHog request {path} refused a stored batch with {status}; {count} events removed from storage", result.Body);
        return true;
    }
}
