using System;
using System.Collections.Concurrent;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentTracing.LoadTest;

/// <summary>A PostHog-compatible capture endpoint on 127.0.0.1 that counts the events and bytes it receives.</summary>
internal sealed class CaptureSink : IAsyncDisposable
{
    private static readonly byte[] UuidKey = Encoding.UTF8.GetBytes("\"uuid\":\"");
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _uuids = new();
    private long _events;
    private long _requests;
    private long _wireBytes;

    private CaptureSink(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public long Events => Interlocked.Read(ref _events);

    public long UniqueEvents => _uuids.Count;

    public long Requests => Interlocked.Read(ref _requests);

    public long WireBytes => Interlocked.Read(ref _wireBytes);

    public static async Task<CaptureSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new CaptureSink(app);
        app.MapPost("/i/v0/ai/batch/", sink.ReceiveAsync);
        app.MapPost("/batch/", sink.ReceiveAsync);
        await app.StartAsync();
        sink.Url = app.Urls.First();
        return sink;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Forgets everything received so far (after a warm-up).</summary>
    public void Reset()
    {
        _uuids.Clear();
        Interlocked.Exchange(ref _events, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _wireBytes, 0);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var raw = new MemoryStream();
        await context.Request.Body.CopyToAsync(raw);
        Interlocked.Add(ref _wireBytes, raw.Length);
        Interlocked.Increment(ref _requests);
        raw.Position = 0;
        using var body = new MemoryStream();
        if (context.Request.Headers.ContentEncoding == "gzip")
        {
            await using var gzip = new GZipStream(raw, CompressionMode.Decompress);
            await gzip.CopyToAsync(body);
        }
        else
        {
            await raw.CopyToAsync(body);
        }

        Count(body.GetBuffer().AsSpan(0, (int)body.Length));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"status\":1}");
    }

    private void Count(ReadOnlySpan<byte> json)
    {
        var count = 0;
        while (true)
        {
            var at = json.IndexOf(UuidKey);
            if (at < 0)
            {
                break;
            }

            json = json[(at + UuidKey.Length)..];
            _uuids.TryAdd(Encoding.ASCII.GetString(json[..36]), 0);
            count++;
        }

        Interlocked.Add(ref _events, count);
    }
}
