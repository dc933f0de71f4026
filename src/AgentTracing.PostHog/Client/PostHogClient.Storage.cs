using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using AgentTracing.PostHog.Client.Storage;

namespace AgentTracing.PostHog;

/// <summary>
/// The optional storage directory: what the client writes there instead of dropping it (batches whose retries ran
/// out, events still queued at a shutdown timeout), and how stored batches are sent again. Off by default; then the
/// hooks in the other parts cost a null check.
/// </summary>
public sealed partial class PostHogClient
{
    private BatchStore? _store;
    private StoredBatchResender? _resender;
    private Task _storageStarted = Task.CompletedTask;

    /// <summary>
    /// For tests: the opening of the storage directory with the first resend pass, then the last pass started (by the
    /// timer or a successful request). Completed when storage is off.
    /// </summary>
    internal Task StoragePass
    {
        get
        {
            var started = Volatile.Read(ref _storageStarted);
            return started.IsCompleted && _resender is { } resender ? resender.Current : started;
        }
    }

    /// <summary>The storage directory in use, or <see langword="null"/> when storage is off or unusable.</summary>
    internal string? StorageDirectoryInUse => Volatile.Read(ref _store)?.DirectoryPath;

    /// <summary>
    /// Opens the storage directory off the caller's thread (creating and probing it is I/O), then starts the resend
    /// passes. Until it is open, batches whose retries run out fail as without storage.
    /// </summary>
    private void StartStorage()
    {
        if (_settings.StorageDirectory is not { } directory)
        {
            return;
        }

        _storageStarted = Task.Run(() =>
        {
            var store = BatchStore.TryOpen(directory, _settings.MaxStorageBytes, _settings.MaxStorageAge, LeaseTime(), _time, _logger);
            if (store is null || _stop.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }

            var resender = new StoredBatchResender(store, SendStoredAsync,
                (reason, status, path, uuids, message, body) => Report(reason, status, path, uuids, message, null, body),
                _logger, _time, _settings.MaxStorageAge, _stop.Token);
            _resender = resender;
            Volatile.Write(ref _store, store);
            resender.Start();
            return resender.Current;
        });
    }

    /// <summary>How long a lease keeps other clients off a batch being sent: well beyond one request.</summary>
    private TimeSpan LeaseTime()
    {
        var minimum = TimeSpan.FromMinutes(5);
        var timeout = _settings.RequestTimeout;
        return timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromHours(1)
            : timeout.Ticks > minimum.Ticks / 2 ? timeout + timeout : minimum;
    }

    /// <summary>
    /// Writes events that would otherwise be lost to the storage directory, giving them the outcome Stored, or
    /// StorageFull (reported like a full queue) when they do not fit. Returns how many got an outcome here, or
    /// <see langword="null"/> when storage is off: the caller then fails them as before.
    /// </summary>
    private int? TryStore(Lane lane, List<QueuedEvent> events, string cause, bool returnBuffers = true)
    {
        var store = Volatile.Read(ref _store);
        if (store is null || events.Count == 0)
        {
            return store is null ? null : 0;
        }

        var written = store.TryWrite(lane, events);
        List<QueuedEvent> changed;
        if (written == StoreWriteResult.Stored)
        {
            changed = Complete(events, EventOutcome.Stored, stored => ClientLog.EventsStored(_logger, stored.Count, cause));
        }
        else
        {
            changed = Complete(events, EventOutcome.StorageFull, dropped =>
            {
                if (_storageFullLog.TryOpen(1, out _))
                {
                    long total;
                    lock (_sync)
                    {
                        total = _counters.DroppedStorageFull;
                    }

                    ClientLog.StorageFull(_logger, store.Bytes, _settings.MaxStorageBytes, total);
                }

                Report(PostHogDeliveryErrorReason.StorageFull, null, null, QueuedEvent.Uuids(dropped),
                    $"PostHog storage directory is full or cannot be written; {dropped.Count} events dropped", null, null);
            });
        }

        if (returnBuffers)
        {
            QueuedEvent.ReturnBuffers(changed);
        }

        return changed.Count;
    }

    /// <summary>
    /// At a shutdown timeout: writes the unfinished events of each lane in batches of at most <c>MaxBatchSize</c>
    /// events and <c>MaxBatchBytes</c>. Their arrays are left to the garbage collector, as a cancelled request may still
    /// read them. Returns how many events got an outcome here (0 when storage is off).
    /// </summary>
    private int StoreAbandoned(Lane lane, List<QueuedEvent> events)
    {
        if (Volatile.Read(ref _store) is null)
        {
            return 0;
        }

        lock (_sync)
        {
            events = events.FindAll(static e => !e.Finished);
        }

        var stored = 0;
        var chunk = new List<QueuedEvent>();
        long bytes = 0;
        foreach (var e in events)
        {
            if (!_settings.FitsInBatch(chunk.Count, bytes, e.Size))
            {
                stored += TryStore(lane, chunk, "shutdown timeout", returnBuffers: false) ?? 0;
                chunk = new List<QueuedEvent>();
                bytes = 0;
            }

            bytes += e.Size + (chunk.Count > 0 ? 1 : 0);
            chunk.Add(e);
        }

        return stored + (TryStore(lane, chunk, "shutdown timeout", returnBuffers: false) ?? 0);
    }

    /// <summary>Sends a stored batch once on its lane's route (holding a request slot), falling back from the AI route on a 404.</summary>
    private async Task<(AttemptResult Result, string Path)> SendStoredAsync(StoredBatch batch, CancellationToken stop)
    {
        await _slots.AcquireAsync(stop).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var aiRoute = batch.Lane == Lane.Ai && !_aiFallbackActive;
                var result = await SendAttemptAsync(aiRoute ? _aiUri : _batchUri, batch.Events, 1, stop).ConfigureAwait(false);
                if (result.Status == 404 && aiRoute)
                {
                    StartAiFallback();
                    continue;
                }

                return (result, aiRoute ? _aiPath : _batchPath);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Adds the storage counters to a diagnostics snapshot.</summary>
    private PostHogClientDiagnostics WithStorage(PostHogClientDiagnostics diagnostics)
    {
        if (_resender is not { } resender)
        {
            return diagnostics;
        }

        return diagnostics with
        {
            EventsResent = resender.Resent,
            EventsStorageFailed = resender.Refused,
            EventsStorageExpired = resender.Expired,
            StorageFilesCorrupt = resender.CorruptFiles,
            StorageBytes = Volatile.Read(ref _store)?.Bytes ?? 0,
        };
    }

    /// <summary>At shutdown: stops the resend timer and waits for a pass that the stop token is ending.</summary>
    private async Task StopStorageAsync()
    {
        try
        {
            await _storageStarted.ConfigureAwait(false);
            _resender?.Dispose();
            await StoragePass.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A pass never throws; shutdown never does either.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
