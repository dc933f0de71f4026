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
internal sealed class RemoteSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private RemoteSink(Process process, string url)
    {
        _process = process;
        Url = url;
        _http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public string Url { get; }

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
        var process = Process.Start(start) ?? throw new InvalidOperationException("The sink process did not start.");
        var url = await process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException("The sink process exited before it printed its URL.");
        return new RemoteSink(process, url);
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
