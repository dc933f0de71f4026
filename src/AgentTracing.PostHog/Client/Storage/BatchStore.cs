using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using AgentTracing.PostHog.Client.Internal;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Client.Storage;

/// <summary>
/// The storage directory: batch files written crash-safe, leased by atomic rename, bounded by bytes and age.
/// </summary>
/// <remarks>
/// <para>A batch is written to <c>{name}.tmp</c>, flushed to the disk, then renamed to <c>{name}</c>
/// (<c>{unix ms}-{sequence}-{id}.phb</c>, so names sort oldest first): a crash leaves either a whole file or a
/// temporary one, which is deleted once it is older than a lease.</para>
/// <para>A client that sends a file first renames it to <c>{name}.{lease end in unix ms}.{owner}.lease</c>. A rename
/// succeeds for one renamer only, so two clients or processes sharing the directory never send one file twice; a lease
/// left by a process that died is renamed back once it has ended.</para>
/// <para>The byte count covers batch and lease files. Each client keeps its own count between maintenance passes, which
/// recount the directory, so several processes sharing it may overshoot the bound by the batches written in between.</para>
/// </remarks>
internal sealed class BatchStore
{
    private const string BatchExtension = ".phb";
    private const string TempExtension = ".tmp";
    private const string LeaseExtension = ".lease";

    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly TimeSpan _maxAge;
    private readonly TimeSpan _leaseTime;
    private readonly TimeProvider _time;
    private readonly LogRateLimiter _logs;
    private readonly string _owner = Guid.NewGuid().ToString("N").Substring(0, 12);
    private long _bytes;
    private long _sequence;
    private int _mayHaveFiles = 1;

    private BatchStore(string directory, long maxBytes, TimeSpan maxAge, TimeSpan leaseTime, TimeProvider time, ILogger logger)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _maxAge = maxAge;
        _leaseTime = leaseTime;
        _time = time;
        _logs = new LogRateLimiter(logger, time);
    }

    /// <summary>The full path of the directory.</summary>
    public string DirectoryPath => _directory;

    /// <summary>Bytes in the directory as this client counts them.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// <see langword="false"/> only after a pass found no batch file and this client wrote none since: a cheap check
    /// that keeps a resend pass from listing an empty directory after every successful request.
    /// </summary>
    public bool MayHaveFiles => Volatile.Read(ref _mayHaveFiles) == 1;

    /// <summary>
    /// Creates the directory (owner-only on Unix) and checks that a file can be written, renamed and deleted there.
    /// Returns <see langword="null"/>, after one log line, when it cannot: the client then runs without storage.
    /// </summary>
    public static BatchStore? TryOpen(string directory, long maxBytes, TimeSpan maxAge, TimeSpan leaseTime, TimeProvider time, ILogger logger)
    {
        string full;
        try
        {
            full = Path.GetFullPath(directory);
            StorageFiles.CreateDirectory(full);
            var probe = Path.Combine(full, "probe-" + Guid.NewGuid().ToString("N") + TempExtension);
            using (var stream = StorageFiles.OpenNew(probe))
            {
                stream.WriteByte(0);
                stream.Flush(true);
            }

            var moved = probe + ".moved";
            StorageFiles.Move(probe, moved);
            File.Delete(moved);
        }
#pragma warning disable CA1031 // Any failure means the same: no storage, and the host goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ClientLog.StorageUnusable(logger, directory, ex.GetType().Name + ": " + ex.Message);
            PosthogEventSource.Log.StorageProblem("the storage directory '" + directory + "' cannot be used; running without storage");
            return null;
        }

        var store = new BatchStore(full, maxBytes, maxAge, leaseTime, time, logger);
        store.Recount();
        return store;
    }

    /// <summary>
    /// Writes one batch. <paramref name="createdAt"/> keeps the age of a batch that is split; by default it is now.
    /// Never throws.
    /// </summary>
    public StoreWriteResult TryWrite(Lane lane, IReadOnlyList<QueuedEvent> events, DateTimeOffset? createdAt = null)
    {
        string? temp = null;
        try
        {
            var data = StoredBatchFormat.Encode(lane, events);
            if (Interlocked.Read(ref _bytes) + data.Length > _maxBytes)
            {
                return StoreWriteResult.Full;
            }

            var name = NewName(createdAt ?? _time.GetUtcNow());
            temp = Path.Combine(_directory, name + TempExtension);
            using (var stream = StorageFiles.OpenNew(temp))
            {
                stream.Write(data, 0, data.Length);
                stream.Flush(true);
            }

            StorageFiles.Move(temp, Path.Combine(_directory, name));
            Interlocked.Add(ref _bytes, data.Length);
            Volatile.Write(ref _mayHaveFiles, 1);
            return StoreWriteResult.Stored;
        }
#pragma warning disable CA1031 // A failed write drops the batch (counted by the caller); it never reaches the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            StorageFiles.TryDelete(temp);
            if (_logs.ShouldLog(1033, LogLevel.Warning, out var count))
            {
                ClientLog.StorageWriteFailed(_logs.Logger, _directory, ex.GetType().Name + ": " + ex.Message, count);
            }

            return StoreWriteResult.Failed;
        }
    }

    /// <summary>The batch file names, oldest first. Empty when the directory cannot be listed.</summary>
    public List<string> ListOldestFirst()
    {
        var names = new List<string>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(_directory))
            {
                var name = Path.GetFileName(path);
                if (name.EndsWith(BatchExtension, StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }
        }
#pragma warning disable CA1031 // A directory that cannot be listed is retried at the next pass.
        catch (Exception)
#pragma warning restore CA1031
        {
            return names;
        }

        names.Sort(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            Volatile.Write(ref _mayHaveFiles, 0);
        }

        return names;
    }

    /// <summary>
    /// Leases and reads one batch file. Returns <see langword="null"/> when another client leased it first, or when it is
    /// torn or corrupt (then it is deleted and <paramref name="corrupt"/> says why).
    /// </summary>
    public StoredBatch? TryLease(string name, out string? corrupt)
    {
        corrupt = null;
        var path = Path.Combine(_directory, name);
        var leasePath = LeasePath(path);
        try
        {
            StorageFiles.Move(path, leasePath);
        }
#pragma warning disable CA1031 // Gone: another client leased it, or it expired.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        byte[] data;
        try
        {
            data = File.ReadAllBytes(leasePath);
        }
#pragma warning disable CA1031 // Unreadable now: given back for a later pass.
        catch (Exception)
#pragma warning restore CA1031
        {
            StorageFiles.TryMove(leasePath, path);
            return null;
        }

        var events = StoredBatchFormat.TryDecode(data, out var lane, out var problem);
        if (events is null || !StorageFiles.TryParseCreated(name, out var created))
        {
            corrupt = problem ?? "bad file name";
            if (StorageFiles.TryDelete(leasePath))
            {
                Interlocked.Add(ref _bytes, -data.Length);
            }

            return null;
        }

        return new StoredBatch(name, leasePath, lane, events, created, data.Length);
    }

    /// <summary>Where a batch file goes while this client holds its lease.</summary>
    private string LeasePath(string path) =>
        path + "." + StorageFiles.FormatTime(_time.GetUtcNow() + _leaseTime) + "." + _owner + LeaseExtension;

    /// <summary>Deletes a leased batch: it has its final answer.</summary>
    public void Remove(StoredBatch batch)
    {
        if (StorageFiles.TryDelete(batch.LeasePath))
        {
            Interlocked.Add(ref _bytes, -batch.FileBytes);
        }
    }

    /// <summary>Gives a leased batch back, for a later pass or another client.</summary>
    public void Release(StoredBatch batch) => StorageFiles.TryMove(batch.LeasePath, Path.Combine(_directory, batch.Name));

    /// <summary>
    /// Replaces a leased batch by its two halves, which keep its age, so that a request PostHog refuses as a whole is
    /// narrowed down to the event it refuses. <see langword="false"/> (and the batch untouched) when a half cannot be written.
    /// </summary>
    public bool TrySplit(StoredBatch batch)
    {
        var half = batch.Events.Count / 2;
        var first = batch.Events.GetRange(0, half);
        var second = batch.Events.GetRange(half, batch.Events.Count - half);

        // The original's bytes are counted until it is removed, and the halves take about as many: make room for them.
        Interlocked.Add(ref _bytes, -batch.FileBytes);
        var written = TryWrite(batch.Lane, first, batch.CreatedAt) == StoreWriteResult.Stored
            && TryWrite(batch.Lane, second, batch.CreatedAt) == StoreWriteResult.Stored;
        Interlocked.Add(ref _bytes, batch.FileBytes);
        if (written)
        {
            Remove(batch);
        }

        return written;
    }

    /// <summary>
    /// One maintenance pass: removes batches older than the age bound (returning how many events they held), renames
    /// ended leases back, deletes temporary files a crash left behind, and recounts the bytes. The uuids of the
    /// expired events are added to <paramref name="uuids"/>.
    /// </summary>
    public (int Files, long Events) RemoveExpired(List<string> uuids)
    {
        var now = _time.GetUtcNow();
        var files = 0;
        long events = 0;
        try
        {
            foreach (var path in Directory.EnumerateFiles(_directory))
            {
                var name = Path.GetFileName(path);
                if (name.EndsWith(BatchExtension, StringComparison.Ordinal))
                {
                    if (StorageFiles.TryParseCreated(name, out var created) && now - created > _maxAge && TryExpire(path, uuids, out var count))
                    {
                        files++;
                        events += count;
                    }
                }
                else if (name.EndsWith(LeaseExtension, StringComparison.Ordinal))
                {
                    ReclaimEndedLease(path, name, now);
                }
                else if (name.EndsWith(TempExtension, StringComparison.Ordinal)
                    && StorageFiles.TryParseCreated(name, out var written) && now - written > _leaseTime)
                {
                    StorageFiles.TryDelete(path);
                }
            }
        }
#pragma warning disable CA1031 // A directory that cannot be listed is retried at the next pass.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        Recount();
        return (files, events);
    }

    private void ReclaimEndedLease(string path, string name, DateTimeOffset now)
    {
        // {batch name}.{lease end}.{owner}.lease
        var parts = name.Split('.');
        if (parts.Length >= 5 && StorageFiles.TryParseTime(parts[parts.Length - 3], out var end) && end < now)
        {
            StorageFiles.TryMove(path, Path.Combine(_directory, string.Join(".", parts, 0, parts.Length - 3)));
        }
    }

    /// <summary>Leases an expired batch (so no other client sends it meanwhile), reads its uuids and deletes it.</summary>
    private bool TryExpire(string path, List<string> uuids, out int count)
    {
        count = 0;
        var leasePath = LeasePath(path);
        if (!StorageFiles.TryMove(path, leasePath))
        {
            return false;
        }

        try
        {
            var data = File.ReadAllBytes(leasePath);
            if (StoredBatchFormat.TryDecode(data, out _, out _) is { } events)
            {
                count = events.Count;
                foreach (var e in events)
                {
                    uuids.Add(e.Uuid);
                    e.ReturnBuffer();
                }
            }
            else
            {
                StoredBatchFormat.TryReadHeader(data, out _, out count, out _, out _, out _);
            }
        }
#pragma warning disable CA1031 // Unreadable: it is deleted all the same, its events uncounted.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        StorageFiles.TryDelete(leasePath);
        return true;
    }

    private void Recount()
    {
        long total = 0;
        try
        {
            foreach (var path in Directory.EnumerateFiles(_directory))
            {
                var name = Path.GetFileName(path);
                if (name.EndsWith(BatchExtension, StringComparison.Ordinal) || name.EndsWith(LeaseExtension, StringComparison.Ordinal))
                {
                    try
                    {
                        total += new FileInfo(path).Length;
                    }
                    catch (IOException)
                    {
                        // Renamed or deleted meanwhile.
                    }
                }
            }
        }
#pragma warning disable CA1031 // The previous count stands.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        Interlocked.Exchange(ref _bytes, total);
    }

    private string NewName(DateTimeOffset createdAt) =>
        StorageFiles.FormatTime(createdAt) + "-"
        + Interlocked.Increment(ref _sequence).ToString("D10", CultureInfo.InvariantCulture) + "-"
        + _owner + BatchExtension;
}
