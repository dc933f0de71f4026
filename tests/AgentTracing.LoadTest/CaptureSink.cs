using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
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
    private static readonly byte[] Accepted = Encoding.UTF8.GetBytes("{\"status\":1}");
    private readonly WebApplication _app;
    // A set of structs in arrays (no object per entry), sized up front: the sink's own bookkeeping must stay out of
    // the GC work it shares with the exporter under measurement.
    private readonly HashSet<Guid> _uuids;
    private long _events;
    private long _requests;
    private long _wireBytes;

    private CaptureSink(WebApplication app, int expectedEvents)
    {
        _app = app;
        _uuids = new HashSet<Guid>(expectedEvents);
    }

    public string Url { get; private set; } = "";

    public long Events => Interlocked.Read(ref _events);

    public long UniqueEvents
    {
        get
        {
            lock (_uuids)
            {
                return _uuids.Count;
            }
        }
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long WireBytes => Interlocked.Read(ref _wireBytes);

    /// <summary>Starts a sink that expects about <paramref name="expectedEvents"/> events.</summary>
    public static async Task<CaptureSink> StartAsync(int expectedEvents)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new CaptureSink(app, expectedEvents);
        app.MapPost("/i/v0/ai/batch/", sink.ReceiveAsync);
        app.MapPost("/batch/", sink.ReceiveAsync);
        app.MapGet("/stats", sink.WriteStatsAsync);
        app.MapPost("/reset", (HttpContext _) =>
        {
            sink.Reset();
            return Task.CompletedTask;
        });
        await app.StartAsync();
        sink.Url = app.Urls.First();
        return sink;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>What the sink received, and the CPU time of its process, for <see cref="RemoteSink"/>.</summary>
    private async Task WriteStatsAsync(HttpContext context)
    {
        var stats = new SinkStats(Events, UniqueEvents, Requests, WireBytes, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
        context.Response.ContentType = "application/json";
        await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, stats);
    }

    /// <summary>Forgets everything received so far (after a warm-up).</summary>
    public void Reset()
    {
        lock (_uuids)
        {
            _uuids.Clear();
        }

        Interlocked.Exchange(ref _events, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _wireBytes, 0);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        // Pooled buffers: the sink shares the process (and its GC) with the exporter under measurement, so it must not
        // add large-object allocations of its own.
        var raw = await ReadAsync(context.Request.Body, (int)(context.Request.ContentLength ?? 64 * 1024));
        var body = raw;
        try
        {
            Interlocked.Add(ref _wireBytes, raw.Count);
            Interlocked.Increment(ref _requests);
            if (context.Request.Headers.ContentEncoding == "gzip")
            {
                using var gzip = new GZipStream(new MemoryStream(raw.Array!, 0, raw.Count), CompressionMode.Decompress);
                body = await ReadAsync(gzip, raw.Count * 8);
            }

            Count(body.AsSpan());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw.Array!);
            if (body.Array != raw.Array)
            {
                ArrayPool<byte>.Shared.Return(body.Array!);
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Accepted);
    }

    /// <summary>Reads a whole stream into a buffer rented from the shared pool (the caller returns it).</summary>
    private static async Task<ArraySegment<byte>> ReadAsync(Stream stream, int sizeHint)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, 4096));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                Buffer.BlockCopy(buffer, 0, larger, 0, length);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                return new ArraySegment<byte>(buffer, 0, length);
            }

            length += read;
        }
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
            if (!Utf8Parser.TryParse(json[..36], out Guid uuid, out _, 'D'))
            {
                throw new InvalidDataException("The sink received an event whose uuid is not a UUID.");
            }

            lock (_uuids)
            {
                _uuids.Add(uuid);
            }

            count++;
        }

        Interlocked.Add(ref _events, count);
    }
}
