using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.PostHog.Tests.Client.Storage;

/// <summary>
/// A process killed with SIGKILL while it writes batches to its storage directory, then started again on the same
/// directory: everything it had stored arrives, once per uuid, and a write the kill cut short costs nothing but itself.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_process_killed_mid_run_and_started_again_on_its_directory_delivers_every_event_it_had_stored_exactly_once()
    {
        using var dir = new StorageDirectory();

        // A port nothing listens on: every request fails at once, so each batch goes to the directory.
        var closed = await FakePostHogServer.StartAsync();
        var downHost = closed.BaseUrl;
        await closed.DisposeAsync();

        using (var storing = Start("store", downHost, dir.Path))
        {
            // Killed while it goes on capturing and writing: the kill can land in the middle of a write.
            while (true)
            {
                var line = await storing.StandardOutput.ReadLineAsync().WaitAsync(Safety)
                    ?? throw new InvalidOperationException("The child ended: " + await storing.StandardError.ReadToEndAsync());
                if (line.StartsWith("stored ", StringComparison.Ordinal) && int.Parse(line.AsSpan(7), CultureInfo.InvariantCulture) >= 50)
                {
                    break;
                }
            }

            storing.Kill();
            await storing.WaitForExitAsync().WaitAsync(Safety);
        }

        var stored = dir.StoredUuids;
        Assert.True(stored.Count >= 50, $"{stored.Count} events stored");
        Assert.Equal(stored.Count, stored.Distinct().Count());

        await using var server = await FakePostHogServer.StartAsync();
        using var resending = Start("resend", server.BaseUrl, dir.Path);
        var report = await resending.StandardOutput.ReadLineAsync().WaitAsync(Safety);
        await resending.WaitForExitAsync().WaitAsync(Safety);

        Assert.Equal(0, resending.ExitCode);
        Assert.Equal($"resent {stored.Count} corrupt 0", report);
        var delivered = server.Requests.Where(r => r.ResponseStatus == 200).SelectMany(r => r.Uuids).ToList();
        Assert.Equal(stored.Order(), delivered.Order());
        Assert.All(server.Requests, r => Assert.Equal("/i/v0/ai/batch/", r.Path));
        Assert.All(server.Requests, r => Assert.Equal("phc_crash_test", (string?)r.Json["api_key"]));
        Assert.Empty(dir.BatchFiles);
    }

    [Fact]
    public async Task Two_processes_sending_one_directory_at_once_never_send_one_file_twice()
    {
        using var dir = new StorageDirectory();
        var batches = StorageTests.WriteBatches(dir, DateTimeOffset.UtcNow.AddMinutes(-1), Enumerable.Repeat(3, 40).ToArray());
        await using var server = await FakePostHogServer.StartAsync();
        server.Responder = _ => new ScriptedResponse { Delay = TimeSpan.FromMilliseconds(20) };

        using var first = Start("resend", server.BaseUrl, dir.Path);
        using var second = Start("resend", server.BaseUrl, dir.Path);
        var reports = await Task.WhenAll(first.StandardOutput.ReadLineAsync(), second.StandardOutput.ReadLineAsync()).WaitAsync(Safety);
        await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync()).WaitAsync(Safety);

        var resent = reports.Select(r => int.Parse(r!.Split(' ')[1], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(120, resent.Sum());
        var delivered = server.Requests.SelectMany(r => r.Uuids).ToList();
        Assert.Equal(batches.SelectMany(b => b).Order(), delivered.Order());
        Assert.Empty(dir.AllFileNames);
    }

    private static Process Start(string mode, string host, string directory)
    {
        var path = typeof(CrashRecoveryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CrashHostPath").Value!;
        // The muxer running this test when there is one, else the one on the PATH.
        var muxer = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        var info = new ProcessStartInfo(muxer)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new List<string> { Path.GetFullPath(path), mode, host, directory })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
