using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Json;
using System.Reflection;
using System.Threading.Tasks;

namespace AgentTracing.LoadTest;

/// <summary>
/// A <see cref="CaptureSink"/> in a child process (this program run with <c>--sink</c>), so the load program's CPU
/// time and working set are the exporter's, not those of the fake PostHog server: PostHog's own decompression and
/// request handling are not part of an application that exports to it. The child's CPU time is reported separately.
/// </summary>
/// <remarks>
/// Where <c>nice</c> exists the child runs at the lowest priority, every thread of it from the start: PostHog's
/// servers do not share the application's cores, and on a small machine a sink at normal priority pre-empts the
/// exporting thread, whose wall-clock time per call then counts the sink's decompression.
/// </remarks>
internal sealed class RemoteSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private RemoteSink(Process process, string url, bool lowPriority)
    {
        _process = process;
        Url = url;
        LowPriority = lowPriority;
        _http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public string Url { get; }

    /// <summary>Whether the sink runs at the lowest priority (<c>nice -n 19</c>).</summary>
    public bool LowPriority { get; }

    /// <summary>Starts the child and waits for the URL it listens on.</summary>
    public static async Task<RemoteSink> StartAsync(int expectedEvents)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Run through the dotnet host (`dotnet AgentTracing.LoadTest.dll`): the child needs the assembly's path.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("--sink");
        start.ArgumentList.Add(expectedEvents.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var nice = NicePath();
        if (nice is not null)
        {
            start.ArgumentList.Insert(0, start.FileName);
            start.ArgumentList.Insert(0, "19");
            start.ArgumentList.Insert(0, "-n");
            start.FileName = nice;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The sink process did not start.");
        var url = await process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException("The sink process exited before it printed its URL.");
        return new RemoteSink(process, url, nice is not null);
    }

    /// <summary>Runs the sink in this process until standard input closes: the child's side of <see cref="StartAsync"/>.</summary>
    public static async Task RunChildAsync(int expectedEvents)
    {
        await using var sink = await CaptureSink.StartAsync(expectedEvents);
        Console.WriteLine(sink.Url);
        while (await Console.In.ReadLineAsync() is not null)
        {
        }
    }

    /// <summary>The <c>nice</c> program, on Linux and macOS, when it is installed.</summary>
    private static string? NicePath()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "nice");
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public async Task ResetAsync() => (await _http.PostAsync("/reset", null)).EnsureSuccessStatusCode();

    public async Task<SinkStats> GetStatsAsync() =>
        await _http.GetFromJsonAsync<SinkStats>("/stats") ?? throw new InvalidOperationException("The sink sent no stats.");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
