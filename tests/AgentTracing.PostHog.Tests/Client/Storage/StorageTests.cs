using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using AgentTracing.PostHog.Client.Storage;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client.Storage;

/// <summary>
/// The storage directory against the real local server: what is written instead of being lost, how it comes back
/// (once per uuid, oldest first, with the key added at send time), and its bounds and failures.
/// </summary>
public sealed class StorageTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_outage_longer_than_every_retry_then_recovery_delivers_every_event_exactly_once_by_uuid_oldest_batch_first()
    {
        using var dir = new StorageDirectory();
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.StorageDirectory = dir.Path;
            o.MaxRetries = 2;
        });
        await h.Client.StoragePass.WaitAsync(Safety);
        var down = 1;
        h.Server.Responder = _ => Volatile.Read(ref down) == 1 ? ScriptedResponse.WithStatus(503) : null;

        var analytics = Enumerable.Range(0, 10).Select(i => h.Client.Capture(ClientHarness.Event(name: "a" + i)).Uuid!).ToList();
        var (first, delays) = await h.DriveAsync(h.Client.FlushAsync());
        Assert.Equal(2, delays.Count);
        Assert.Equal(new PostHogFlushResult(0, 0, 0) { Stored = 10 }, first);
        h.Clock!.Advance(TimeSpan.FromSeconds(1));
        var ai = Enumerable.Range(0, 5).Select(_ => h.Client.CaptureAi(ClientHarness.Event(name: "$ai_generation")).Uuid!).ToList();
        Assert.Equal(new PostHogFlushResult(0, 0, 0) { Stored = 5 }, (await h.DriveAsync(h.Client.FlushAsync())).Result);

        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((15L, 15L, 0L, 0L), (d.EventsEnqueued, d.EventsStored, d.EventsFailed, d.EventsResent));
        Assert.Equal(2, dir.BatchFiles.Count);
        Assert.Equal(analytics.Concat(ai).Order(), dir.StoredUuids.Order());
        Assert.All(dir.BatchFiles, f => Assert.DoesNotContain(ClientHarness.ApiKey, File.ReadAllText(f), StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            // Owner only: the files hold what the application sends to PostHog.
            foreach (var file in dir.BatchFiles)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        Assert.Single(h.LogsStartingWith(LogLevel.Information, "PostHog client: 10 events written to the storage directory (retries exhausted)"));
        Assert.DoesNotContain(h.Errors, e => e.Reason == PostHogDeliveryErrorReason.RetriesExhausted);
        var outageRequests = h.Server.RequestCount;

        // Recovery: the first successful request starts a pass over the stored batches.
        Volatile.Write(ref down, 0);
        var late = h.Client.Capture(ClientHarness.Event(name: "late")).Uuid!;
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());
        await h.Client.StoragePass.WaitAsync(Safety);

        var resent = h.Server.Requests.Skip(outageRequests + 1).ToList();
        Assert.Equal(new[] { "/batch/", "/i/v0/ai/batch/" }, resent.Select(r => r.Path));
        Assert.Equal(analytics, resent[0].Uuids);
        Assert.Equal(ai, resent[1].Uuids);
        Assert.All(resent, r => Assert.Equal(ClientHarness.ApiKey, (string?)r.Json["api_key"]));
        Assert.All(resent, r => Assert.NotNull(r.Json["sent_at"]));
        var delivered = h.Server.Requests.Where(r => r.ResponseStatus == 200).SelectMany(r => r.Uuids).ToList();
        Assert.Equal(analytics.Concat(ai).Append(late).Order(), delivered.Order());

        d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((15L, 0L, 0L, 0L), (d.EventsResent, d.EventsStorageFailed, d.EventsStorageExpired, d.StorageBytes));
        AssertStoredBalanced(d, dir);
        Assert.Empty(dir.AllFileNames);
    }

    [Fact]
    public async Task Events_still_queued_at_a_shutdown_timeout_are_stored_and_the_next_client_on_the_directory_sends_them()
    {
        using var dir = new StorageDirectory();
        List<string> uuids;
        await using (var before = await ClientHarness.StartAsync(o => o.StorageDirectory = dir.Path))
        {
            await before.Client.StoragePass.WaitAsync(Safety);
            before.Server.Responder = _ => ScriptedResponse.Hang();
            uuids = Enumerable.Range(0, 5).Select(i => before.Client.CaptureAi(ClientHarness.Event(name: "e" + i)).Uuid!).ToList();

            var shutdown = await before.Client.ShutdownAsync(TimeSpan.Zero).WaitAsync(Safety);
            Assert.True(shutdown.TimedOut);
            Assert.Equal((0, 0, 0, 0, 5), (shutdown.Sent, shutdown.Failed, shutdown.Dropped, shutdown.Unsent, shutdown.Stored));
            var d = AssertBalanced(before.Client.GetDiagnostics());
            Assert.Equal((5L, 0L), (d.EventsStored, d.EventsUnsent));
            Assert.Equal(uuids.Order(), dir.StoredUuids.Order());
            Assert.Contains(before.Logs, r => r.Message == "PostHog client: 5 events written to the storage directory (shutdown timeout); they are sent again when PostHog answers");
        }

        await using var after = await ClientHarness.StartAsync(o => o.StorageDirectory = dir.Path);
        await after.Client.StoragePass.WaitAsync(Safety);

        var request = Assert.Single(after.Server.Requests);
        Assert.Equal("/i/v0/ai/batch/", request.Path);
        Assert.Equal(uuids, request.Uuids);
        Assert.Equal(5L, after.Client.GetDiagnostics().EventsResent);
        Assert.Empty(dir.AllFileNames);
    }

    [Fact]
    public async Task Torn_and_corrupt_files_are_skipped_counted_logged_and_deleted_while_whole_ones_and_ended_leases_are_sent()
    {
        using var dir = new StorageDirectory();
        var good = WriteBatches(dir, Start.AddHours(-1), 4, 3, 2, 3);
        var files = dir.BatchFiles;

        // A changed byte (checksum), a file cut short (a torn write), garbage under a batch name, a crash's temporary
        // file, and a batch whose lease was left by a process that died (the lease ended a minute ago).
        var altered = File.ReadAllBytes(files[1]);
        altered[^10] ^= 0x20;
        File.WriteAllBytes(files[1], altered);
        var whole = File.ReadAllBytes(files[2]);
        File.WriteAllBytes(files[2], whole.AsSpan(0, whole.Length / 2).ToArray());
        var garbage = Start.AddHours(-2).ToUnixTimeMilliseconds() + "-0000000001-garbage.phb";
        File.WriteAllText(Path.Combine(dir.Path, garbage), "not a batch");
        File.WriteAllText(Path.Combine(dir.Path, Path.GetFileName(files[0]) + ".tmp"), "phb1 ai 3 9");
        var leaseEnd = Start.AddMinutes(-1).ToUnixTimeMilliseconds();
        File.Move(files[3], files[3] + "." + leaseEnd + ".deadprocess.lease");

        await using var h = await ClientHarness.StartAsync(o => o.StorageDirectory = dir.Path, start: Start);
        await h.Client.StoragePass.WaitAsync(Safety);

        Assert.Equal(new[] { good[0], good[3] }, h.Server.Requests.Select(r => r.Uuids.ToList()));
        var d = h.Client.GetDiagnostics();
        Assert.Equal((3L, 7L), (d.StorageFilesCorrupt, d.EventsResent));
        var warnings = h.Logs.Where(r => r.Level == LogLevel.Warning && r.Message.Contains("is torn or corrupt", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, m => m.Contains("checksum mismatch", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("bytes after the header instead of", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains(garbage + " is torn or corrupt (bad header)", StringComparison.Ordinal));
        Assert.Empty(dir.AllFileNames);
    }

    [Fact]
    public async Task What_does_not_fit_under_MaxStorageBytes_is_dropped_counted_and_reported_like_a_full_queue_until_room_is_made()
    {
        using var dir = new StorageDirectory();
        await using var h = await StartOnAsync(dir.Path, o => o.MaxStorageBytes = 8_000);
        var down = 1;
        h.Server.Responder = _ => Volatile.Read(ref down) == 1 ? ScriptedResponse.WithStatus(503) : null;

        var kept = CaptureBig(h, 5);
        Assert.Equal(new PostHogFlushResult(0, 0, 0) { Stored = 5 }, await h.FlushAsync());
        var dropped = CaptureBig(h, 5);
        Assert.Equal(new PostHogFlushResult(0, 0, 5), await h.FlushAsync());

        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((5L, 5L, 0L), (d.EventsStored, d.EventsDroppedStorageFull, d.EventsFailed));
        Assert.InRange(d.StorageBytes, 5_000, 8_000);
        var error = Assert.Single(h.Errors, e => e.Reason == PostHogDeliveryErrorReason.StorageFull);
        Assert.Equal(dropped, error.EventUuids);
        Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog storage directory is full or cannot be written"));
        Assert.Equal(kept.Order(), dir.StoredUuids.Order());

        // Once PostHog answers, the stored batch goes out and frees its room for the next outage.
        Volatile.Write(ref down, 0);
        h.Client.Capture(ClientHarness.Event(name: "late"));
        await h.FlushAsync();
        await h.Client.StoragePass.WaitAsync(Safety);
        Assert.Empty(dir.BatchFiles);
        Volatile.Write(ref down, 1);
        var again = CaptureBig(h, 5);
        Assert.Equal(new PostHogFlushResult(0, 0, 0) { Stored = 5 }, await h.FlushAsync());
        Assert.Equal(again.Order(), dir.StoredUuids.Order());
        d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((10L, 5L, 5L), (d.EventsStored, d.EventsDroppedStorageFull, d.EventsResent));
        AssertStoredBalanced(d, dir);
    }

    [Fact]
    public async Task A_directory_that_cannot_be_created_is_logged_once_and_the_client_runs_without_storage_never_throwing()
    {
        using var dir = new StorageDirectory();
        var file = Path.Combine(dir.Path, "a-file");
        File.WriteAllText(file, "");
        await AssertRunsWithoutStorageAsync(Path.Combine(file, "storage"));
    }

    /// <summary>
    /// A directory the process may read but not write (mode 0555; as root, which ignores modes, the immutable
    /// attribute): the start-up probe finds out, one warning says so, and the client runs without storage.
    /// </summary>
    [Fact]
    public async Task A_read_only_directory_is_logged_once_and_the_client_runs_without_storage_never_throwing()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new StorageDirectory();
        var storage = Path.Combine(dir.Path, "read-only");
        Directory.CreateDirectory(storage);
        MakeReadOnly(storage, true);
        try
        {
            Assert.ThrowsAny<Exception>(() => File.WriteAllText(Path.Combine(storage, "check"), ""));
            await AssertRunsWithoutStorageAsync(storage);
            Assert.Empty(Directory.EnumerateFileSystemEntries(storage));
        }
        finally
        {
            MakeReadOnly(storage, false);
        }
    }

    /// <summary>
    /// A client on <paramref name="storage"/>: one warning at start that it cannot be used, then batches whose retries
    /// run out are failed and reported as without storage, and nothing throws.
    /// </summary>
    private static async Task AssertRunsWithoutStorageAsync(string storage)
    {
        await using var h = await StartOnAsync(storage);
        h.Server.Responder = _ => ScriptedResponse.WithStatus(503);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(h.Client.Capture(ClientHarness.Event()).Accepted);
        }

        Assert.Equal(new PostHogFlushResult(0, 3, 0), await h.FlushAsync());
        Assert.Null(h.Client.StorageDirectoryInUse);
        var warning = Assert.Single(h.Logs, r => r.Id.Id == 1030);
        Assert.StartsWith($"PostHog storage directory '{storage}' cannot be used (", warning.Message, StringComparison.Ordinal);
        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((3L, 0L), (d.EventsFailed, d.EventsStored));
        Assert.Contains(h.Errors, e => e.Reason == PostHogDeliveryErrorReason.RetriesExhausted);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeReadOnly(string directory, bool readOnly)
    {
        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(directory, readOnly
                ? UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }

        using var chattr = System.Diagnostics.Process.Start("chattr", [readOnly ? "+i" : "-i", directory]);
        chattr.WaitForExit();
        Assert.True(chattr.ExitCode == 0, "chattr could not change the immutable attribute of " + directory);
    }

    [Fact]
    public async Task A_directory_that_becomes_unwritable_drops_each_batch_counted_and_reported_never_throwing()
    {
        using var dir = new StorageDirectory();
        var storage = Path.Combine(dir.Path, "storage");
        await using var h = await StartOnAsync(storage);
        Assert.Equal(storage, h.Client.StorageDirectoryInUse);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(storage));
        }

        h.Server.Responder = _ => ScriptedResponse.WithStatus(503);

        // The directory is replaced by a file: no write can succeed any more.
        Directory.Delete(storage, recursive: true);
        File.WriteAllText(storage, "");
        var uuids = Enumerable.Range(0, 4).Select(_ => h.Client.Capture(ClientHarness.Event()).Uuid!).ToList();

        Assert.Equal(new PostHogFlushResult(0, 0, 4), await h.FlushAsync());
        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((4L, 0L), (d.EventsDroppedStorageFull, d.EventsStored));
        Assert.Equal(uuids, Assert.Single(h.Errors, e => e.Reason == PostHogDeliveryErrorReason.StorageFull).EventUuids);
        Assert.Single(h.Logs, r => r.Id.Id == 1033);
    }

    [Fact]
    public async Task Batches_older_than_MaxStorageAge_are_removed_unsent_counted_and_reported_by_the_periodic_pass()
    {
        using var dir = new StorageDirectory();
        await using var h = await StartOnAsync(dir.Path, o => o.MaxStorageAge = TimeSpan.FromHours(1));
        h.Server.Responder = _ => ScriptedResponse.WithStatus(503);
        var uuids = Enumerable.Range(0, 5).Select(_ => h.Client.Capture(ClientHarness.Event()).Uuid!).ToList();

        await h.FlushAsync();
        Assert.Single(dir.BatchFiles);
        var requests = h.Server.RequestCount;

        // PostHog is back, but only after the batch's time is up; nothing starts a pass but the timer.
        h.Server.Responder = null;
        h.Clock!.Advance(TimeSpan.FromMinutes(61));
        await h.Client.StoragePass.WaitAsync(Safety);

        Assert.Equal(requests, h.Server.RequestCount);
        Assert.Empty(dir.AllFileNames);
        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((5L, 5L, 0L), (d.EventsStored, d.EventsStorageExpired, d.EventsResent));
        AssertStoredBalanced(d, dir);
        Assert.Equal(uuids.Order(), Assert.Single(h.Errors, e => e.Reason == PostHogDeliveryErrorReason.StorageExpired).EventUuids.Order());
        Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog storage: 1 batches (5 events) older than 01:00:00 were removed unsent"));
    }

    [Fact]
    public async Task A_stored_batch_answered_400_is_split_until_only_the_refused_event_is_removed_and_counted_as_failed()
    {
        using var dir = new StorageDirectory();
        await using var h = await StartOnAsync(dir.Path);
        var down = 1;
        h.Server.Responder = r =>
            Volatile.Read(ref down) == 1 ? ScriptedResponse.WithStatus(503)
            : r.BodyText.Contains("\"poison\"", StringComparison.Ordinal) ? ScriptedResponse.WithStatus(400, "{\"detail\":\"bad\"}")
            : null;
        var uuids = new[] { "good", "good", "poison", "good" }.Select(n => h.Client.Capture(ClientHarness.Event(name: n)).Uuid!).ToList();
        await h.FlushAsync();

        Volatile.Write(ref down, 0);
        h.Client.Capture(ClientHarness.Event(name: "late"));
        await h.FlushAsync();
        await h.Client.StoragePass.WaitAsync(Safety);

        var delivered = h.Server.Requests.Where(r => r.ResponseStatus == 200).SelectMany(r => r.Uuids).ToList();
        Assert.Equal(4, delivered.Count);
        Assert.Equal(new[] { uuids[0], uuids[1], uuids[3] }.Order(), delivered.Where(uuids.Contains).Order());
        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((4L, 3L, 1L), (d.EventsStored, d.EventsResent, d.EventsStorageFailed));
        AssertStoredBalanced(d, dir);
        var refused = Assert.Single(h.Errors, e => e.Reason == PostHogDeliveryErrorReason.HttpError);
        Assert.Equal((400, "/batch/"), (refused.StatusCode, refused.Path));
        Assert.Equal(new[] { uuids[2] }, refused.EventUuids);
        Assert.Empty(dir.AllFileNames);
    }

    /// <summary>A refused key (401) says nothing about the stored events: they stay in the directory and go out once the key works.</summary>
    [Fact]
    public async Task A_stored_batch_answered_401_stays_stored_and_is_sent_once_the_key_works()
    {
        using var dir = new StorageDirectory();
        await using var h = await StartOnAsync(dir.Path);
        var status = 503;
        h.Server.Responder = _ =>
        {
            var answer = Volatile.Read(ref status);
            return answer == 200 ? null : ScriptedResponse.WithStatus(answer);
        };
        var stored = Enumerable.Range(0, 3).Select(_ => h.Client.Capture(ClientHarness.Event()).Uuid!).ToList();
        await h.FlushAsync();
        Assert.Single(dir.BatchFiles);

        // The key is refused: the periodic pass tries the stored batch once, and it stays.
        Volatile.Write(ref status, 401);
        var requests = h.Server.RequestCount;
        h.Clock!.Advance(TimeSpan.FromSeconds(30));
        await h.Client.StoragePass.WaitAsync(Safety);
        Assert.Equal(requests + 1, h.Server.RequestCount);
        Assert.Single(dir.BatchFiles);
        Assert.Equal(0, h.Client.GetDiagnostics().EventsStorageFailed);

        // With a working key, the next success sends it.
        Volatile.Write(ref status, 200);
        h.Client.Capture(ClientHarness.Event(name: "late"));
        await h.FlushAsync();
        await h.Client.StoragePass.WaitAsync(Safety);
        var delivered = h.Server.Requests.Where(r => r.ResponseStatus == 200).SelectMany(r => r.Uuids).ToList();
        Assert.Equal(stored.Order(), delivered.Where(stored.Contains).Order());
        Assert.Empty(dir.AllFileNames);
        var d = AssertBalanced(h.Client.GetDiagnostics());
        Assert.Equal((3L, 3L, 0L), (d.EventsStored, d.EventsResent, d.EventsStorageFailed));
        AssertStoredBalanced(d, dir);
    }

    [Fact]
    public async Task Two_clients_sharing_a_directory_never_send_one_file_twice()
    {
        using var dir = new StorageDirectory();
        var batches = WriteBatches(dir, Start.AddMinutes(-1), Enumerable.Repeat(2, 30).ToArray());
        var slow = new ScriptedResponse { Delay = TimeSpan.FromMilliseconds(5) };

        var starting = new[]
        {
            ClientHarness.StartAsync(o => o.StorageDirectory = dir.Path, start: Start),
            ClientHarness.StartAsync(o => o.StorageDirectory = dir.Path, start: Start),
        };
        var clients = await Task.WhenAll(starting);
        try
        {
            foreach (var c in clients)
            {
                c.Server.Responder = _ => slow;
            }

            await Task.WhenAll(clients.Select(c => c.Client.StoragePass)).WaitAsync(Safety);

            var delivered = clients.SelectMany(c => c.Server.Requests).SelectMany(r => r.Uuids).ToList();
            Assert.Equal(batches.SelectMany(b => b).Order(), delivered.Order());
            Assert.Equal(60L, clients.Sum(c => c.Client.GetDiagnostics().EventsResent));
            Assert.Empty(dir.AllFileNames);
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }
        }
    }

    /// <summary>Writes batches of the given sizes through the store, as a client of another process would; returns their uuids.</summary>
    internal static List<List<string>> WriteBatches(StorageDirectory dir, DateTimeOffset at, params int[] sizes)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at);
        var store = BatchStore.TryOpen(dir.Path, 1L << 30, TimeSpan.FromDays(7), TimeSpan.FromMinutes(5), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)!;
        var all = new List<List<string>>();
        foreach (var size in sizes)
        {
            var events = Enumerable.Range(0, size).Select(_ =>
            {
                var uuid = Guid.NewGuid();
                var json = $"{{\"event\":\"stored\",\"distinct_id\":\"u\",\"uuid\":\"{uuid:D}\",\"properties\":{{\"$lib\":\"test\"}}}}";
                return QueuedEvent.Create(System.Text.Encoding.UTF8.GetBytes(json), uuid, "stored");
            }).ToList();
            Assert.Equal(StoreWriteResult.Stored, store.TryWrite(Lane.Analytics, events));
            all.Add(events.Select(e => e.Uuid).ToList());
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        return all;
    }

    private static List<string> CaptureBig(ClientHarness h, int count) =>
        Enumerable.Range(0, count)
            .Select(_ => h.Client.Capture(ClientHarness.Event(properties: new JsonObject { ["blob"] = new string('x', 1_000) })).Uuid!)
            .ToList();

    /// <summary>A client on <paramref name="directory"/> without retries (a refused batch is stored at once), once its first resend pass is over.</summary>
    private static async Task<ClientHarness> StartOnAsync(string directory, Action<PostHogClientOptions>? configure = null)
    {
        var h = await ClientHarness.StartAsync(o =>
        {
            o.StorageDirectory = directory;
            o.MaxRetries = 0;
            configure?.Invoke(o);
        });
        await h.Client.StoragePass.WaitAsync(Safety);
        return h;
    }

    private static PostHogClientDiagnostics AssertBalanced(PostHogClientDiagnostics d)
    {
        Assert.Equal(d.EventsEnqueued, d.EventsSent + d.EventsFailed + d.EventsDroppedAfterQueue + d.EventsUnsent
            + d.EventsStored + d.EventsDroppedStorageFull + d.QueueLength + d.EventsInFlight);
        return d;
    }

    private static void AssertStoredBalanced(PostHogClientDiagnostics d, StorageDirectory dir) =>
        Assert.Equal(d.EventsStored, d.EventsResent + d.EventsStorageFailed + d.EventsStorageExpired + dir.StoredUuids.Count);
}
