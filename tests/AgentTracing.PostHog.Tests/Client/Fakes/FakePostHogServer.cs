using System;
using System.Collections.Concurrent;
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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client.Fakes;

/// <summary>
/// An in-process fake of PostHog's capture endpoints: a real Kestrel server on <c>http://127.0.0.1:{random port}</c>.
/// </summary>
/// <remarks>
/// <para>Every request (any path) is recorded with its path, headers, gunzipped body and arrival time, then answered
/// from a script: first <see cref="Responder"/> (when set and it returns a response), then the FIFO queue filled by
/// <see cref="Enqueue"/>; when both have nothing, the answer is 200 <c>{"status":1}</c>.</para>
/// <para>A request is recorded (and <see cref="WaitForRequestsAsync"/> released) <em>before</em> it is answered, so a
/// test can observe a request that hangs.</para>
/// <para>Usage: <c>await using var server = await FakePostHogServer.StartAsync();</c> then point the client's
/// <c>Host</c> at <see cref="BaseUrl"/>.</para>
/// </remarks>
public sealed class FakePostHogServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly List<(int Count, TaskCompletionSource<bool> Signal)> _waiters = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _clock;
    private WebApplication? _app;

    private FakePostHogServer(TimeProvider clock) => _clock = clock;

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:54321</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Consulted first for every request; return <see langword="null"/> to fall through to the script.</summary>
    public Func<RecordedRequest, ScriptedResponse?>? Responder { get; set; }

    /// <summary>The number of requests received so far.</summary>
    public int RequestCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>A snapshot of the requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>
    /// Starts a server. <paramref name="clock"/> stamps <see cref="RecordedRequest.ArrivedAt"/> (default: the system clock);
    /// <paramref name="port"/> is 0 for a free port, or the port of a stopped server to bring it back.
    /// </summary>
    public static async Task<FakePostHogServer> StartAsync(TimeProvider? clock = null, int port = 0)
    {
        var server = new FakePostHogServer(clock ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 256L * 1024 * 1024);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        server._app = app;
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    /// <summary>Appends replies to the script, answered in order.</summary>
    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>Appends <paramref name="count"/> replies with <paramref name="status"/>.</summary>
    public void EnqueueStatus(int status, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _script.Enqueue(ScriptedResponse.WithStatus(status));
        }
    }

    /// <summary>The requests received on <paramref name="path"/>.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>
    /// Waits until at least <paramref name="count"/> requests have arrived, without polling.
    /// Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default 15 s of real time), so a bug fails instead of hanging.
    /// </summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        if (!await TryWaitForRequestsAsync(count, limit).ConfigureAwait(false))
        {
            throw new TimeoutException($"Expected {count} requests within {limit}, got {RequestCount}: {string.Join(", ", Requests)}");
        }

        return Requests;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived; <see langword="false"/> after <paramref name="timeout"/>.</summary>
    public async Task<bool> TryWaitForRequestsAsync(int count, TimeSpan timeout)
    {
        Task signal;
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return true;
            }

            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, tcs));
            signal = tcs.Task;
        }

        using var cts = new CancellationTokenSource();
        var first = await Task.WhenAny(signal, Task.Delay(timeout, cts.Token)).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        return first == signal;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrivedAt = _clock.GetUtcNow();
        var arrivedAtReal = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var raw = buffer.ToArray();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var text = Decode(raw, headers.TryGetValue("Content-Encoding", out var encoding) ? encoding : null);
        var (request, reply) = Record(context.Request.Method, context.Request.Path.Value ?? "", headers, raw, text, arrivedAt, arrivedAtReal);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, linked.Token).ConfigureAwait(false);
            }

            if (reply.AnswerAfter is { } gate)
            {
                await gate.WaitAsync(linked.Token).ConfigureAwait(false);
            }

            if (reply.NeverAnswer)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }

        if (reply.Abort)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var header in reply.Headers)
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        var body = reply.Body ?? (reply.Status is >= 200 and < 300 && reply.Status != 204 ? ScriptedResponse.OkBody : "");
        if (body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Records the request, picks its reply and releases the waiters, all in arrival order.</summary>
    private (RecordedRequest Request, ScriptedResponse Reply) Record(string method, string path, Dictionary<string, string> headers,
        byte[] raw, string text, DateTimeOffset arrivedAt, DateTimeOffset arrivedAtReal)
    {
        List<TaskCompletionSource<bool>> released = new();
        RecordedRequest request;
        ScriptedResponse reply;
        lock (_gate)
        {
            request = new RecordedRequest(_requests.Count, method, path, headers, raw, text, arrivedAt, arrivedAtReal);
            reply = Responder?.Invoke(request) ?? (_script.TryDequeue(out var scripted) ? scripted : ScriptedResponse.Ok());
            request.ResponseStatus = reply.NeverAnswer || reply.Abort ? null : reply.Status;
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _requests.Count)
                {
                    released.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in released)
        {
            signal.TrySetResult(true);
        }

        return (request, reply);
    }

    private static string Decode(byte[] raw, string? contentEncoding)
    {
        if (!string.Equals(contentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8.GetString(raw);
        }

        try
        {
            using var input = new MemoryStream(raw);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return Encoding.UTF8.GetString(output.ToArray());
        }
        catch (InvalidDataException)
        {
            return "<invalid gzip>";
        }
    }
}
