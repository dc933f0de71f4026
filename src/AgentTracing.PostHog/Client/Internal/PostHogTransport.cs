using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// One HTTP attempt of one batch: the request body (stamped with this attempt's <c>sent_at</c>, gzip-compressed), the
/// POST, 307/308 redirects on the same host, and the response read into an <see cref="AttemptResult"/> (status,
/// <c>Retry-After</c>, the first 1 KB of an error body with the key masked). It knows nothing of retries or queues.
/// </summary>
internal sealed class PostHogTransport : IDisposable
{
    private const int MaxReportedBodyBytes = 1024;

    /// <summary>Redirects one attempt follows at most.</summary>
    private const int MaxRedirects = 5;

    private readonly ClientSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyRedactor _redactor;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _userAgent;
    private readonly ConcurrentBag<RequestBodyBuilder> _bodies = new();
    private long _requests;

    public PostHogTransport(PostHogClientOptions options, ClientSettings settings, TimeProvider time, ILogger logger, KeyRedactor redactor)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        _redactor = redactor;
        _userAgent = settings.LibName + "/" + settings.LibVersion;
        (_http, _ownsHttp) = CreateHttpClient(options);
    }

    /// <summary>Test seam: replaces gzip compression (for example with one that throws).</summary>
    public Func<ArraySegment<byte>, ArraySegment<byte>>? CompressOverride { get; set; }

    /// <summary>HTTP requests sent, redirects followed included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>
    /// The handler of a client-owned <see cref="HttpClient"/>: no redirects, and the platform's certificate validation,
    /// which nothing in this package ever relaxes.
    /// </summary>
    public static HttpMessageHandler CreateDefaultHandler()
    {
#if NET8_0_OR_GREATER
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        };
#else
        return new HttpClientHandler { AllowAutoRedirect = false };
#endif
    }

    /// <summary>
    /// Sends <paramref name="events"/> to <paramref name="uri"/> once. Network failures and timeouts come back as
    /// results; only the shutdown's <paramref name="stop"/> throws.
    /// </summary>
    public async Task<AttemptResult> SendAsync(Uri uri, IReadOnlyList<QueuedEvent> events, CancellationToken stop)
    {
        var builder = _bodies.TryTake(out var pooled) ? pooled : new RequestBodyBuilder(_settings.ApiKey, _settings.HistoricalMigration, _settings.CompressionLevel);
        builder.CompressOverride = CompressOverride;
        Interlocked.Increment(ref _requests);
        try
        {
            return await SendAsync(uri, events, builder, stop).ConfigureAwait(false);
        }
        finally
        {
            // Returned only when the request is over: its content points into the builder's buffers.
            _bodies.Add(builder);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static (HttpClient Client, bool Owned) CreateHttpClient(PostHogClientOptions options)
    {
        if (options.HttpClientFactory is { } factory && factory() is { } supplied)
        {
            return (supplied, false);
        }

        if (options.HttpMessageHandler is { } handler)
        {
            return (new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, true);
        }

        return (new HttpClient(CreateDefaultHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan }, true);
    }

    private async Task<AttemptResult> SendAsync(Uri uri, IReadOnlyList<QueuedEvent> events, RequestBodyBuilder builder, CancellationToken stop)
    {
        // sent_at is stamped again on every attempt, so PostHog's clock-skew correction stays right after a retry delay.
        var payload = builder.BuildPlain(events, _time.GetUtcNow());
        var compressed = false;
        if (_settings.EnableCompression)
        {
            try
            {
                payload = builder.Compress(payload);
                compressed = true;
            }
#pragma warning disable CA1031 // If compression throws, the same body is sent uncompressed.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ClientLog.CompressionFailed(_logger, _redactor.Redact(ex)!);
            }
        }

        using var timeout = TimeCompat.CreateTimeoutSource(_time, _settings.RequestTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            var target = uri;
            for (var hop = 0; ; hop++)
            {
                if (hop > 0)
                {
                    Interlocked.Increment(ref _requests);
                }

                using var content = new ByteArrayContent(payload.Array!, payload.Offset, payload.Count);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                if (compressed)
                {
                    content.Headers.ContentEncoding.Add("gzip");
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
                request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    return AttemptResult.FromStatus(status, null, null);
                }

                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(target, location);
                    var refusal = RedirectRefusal(status, uri, next, hop);
                    if (refusal is null)
                    {
                        // 307 and 308 keep the method and the body: the same bytes go to the new address.
                        target = next;
                        continue;
                    }

                    return AttemptResult.FromRedirect(status, _redactor.Redact(next.ToString()), refusal);
                }

                var retryAfter = RetryDelay.Parse(response.Headers.RetryAfter, _time.GetUtcNow());
                var snippet = await ReadBodySnippetAsync(response, linked.Token, stop).ConfigureAwait(false);
                return AttemptResult.FromStatus(status, retryAfter, snippet);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            return AttemptResult.FromException(ex, "timeout after " + _settings.RequestTimeout.ToString("c", CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or OperationCanceledException)
        {
            return AttemptResult.FromException(_redactor.Redact(ex)!, _redactor.Redact(ex.GetType().Name + ": " + ex.Message));
        }
    }

    /// <summary>
    /// Why a redirect is not followed, or <see langword="null"/> to follow it. Only 307 and 308 keep the method and body
    /// (301, 302 and 303 let clients turn a POST into a GET, which would lose the events); they are followed at most
    /// <see cref="MaxRedirects"/> times, and only to the same host and port, or from http to https on the same host,
    /// so the key in the body never travels to another server or in clear text after TLS.
    /// </summary>
    private static string? RedirectRefusal(int status, Uri original, Uri next, int hop)
    {
        if (status is not (307 or 308))
        {
            return "only 307 and 308 are followed";
        }

        if (hop >= MaxRedirects)
        {
            return "more than " + MaxRedirects.ToString(CultureInfo.InvariantCulture) + " redirects";
        }

        if (!string.Equals(next.Host, original.Host, StringComparison.OrdinalIgnoreCase))
        {
            return "another host";
        }

        var sameOrigin = next.Scheme == original.Scheme && next.Port == original.Port;
        var upgrade = original.Scheme == Uri.UriSchemeHttp && next.Scheme == Uri.UriSchemeHttps;
        return sameOrigin || upgrade ? null : "another port or scheme";
    }

    /// <summary>Reads the first 1 KB of an error response, masking the API key should the server echo it.</summary>
    private async Task<string> ReadBodySnippetAsync(HttpResponseMessage response, CancellationToken token, CancellationToken stop)
    {
        try
        {
#if NET8_0_OR_GREATER
            using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
#else
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            var buffer = new byte[_redactor.ReadLength(MaxReportedBodyBytes)];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer, read, buffer.Length - read, token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            // The key is masked in everything read before the cut, so no part of it can survive the cut.
            return _redactor.Snippet(buffer, read, MaxReportedBodyBytes);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The body only decorates the report; the status decides.
        catch (Exception)
#pragma warning restore CA1031
        {
            return "";
        }
    }
}
