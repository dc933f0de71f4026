using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentTracing.PostHog;

/// <summary>
/// The batching HTTP client for PostHog's capture API: two bounded lane queues, a background dispatcher with up to
/// <c>MaxConcurrentRequests</c> requests in flight, gzip, retries with backoff and <c>Retry-After</c>, 413 and 400 splitting, a fallback from the AI route to <c>/batch/</c>,
/// exact flush counts and a bounded shutdown.
/// </summary>
/// <remarks>
/// <see cref="Capture"/> and <see cref="CaptureAi"/> never block on I/O and never throw. Delivery is at least once:
/// every event carries a uuid that PostHog de-duplicates on, so resending after a partial failure is safe.
/// </remarks>
public sealed partial class PostHogClient : IPostHogClient, IEventSink, IDisposable
{
    /// <summary>The analytics route.</summary>
    internal const string BatchPath = "/batch/";

    /// <summary>The dedicated AI route.</summary>
    internal const string AiPath = "/i/v0/ai/batch/";

    private static readonly TimeSpan QueueFullLogInterval = TimeSpan.FromSeconds(10);

    private readonly ClientSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action<PostHogDeliveryError>? _onError;
    private readonly Action<TimeSpan, int?>? _requestCompleted;
    private readonly Uri _batchUri;
    private readonly Uri _aiUri;
    private readonly string _batchPath;
    private readonly string _aiPath;
    private readonly EventSerializer _serializer;
    private readonly RequestSlots _slots;
    private readonly DrainDeadline _drain;
    private readonly KeyRedactor _redactor;
    private readonly PostHogTransport _transport;

    // Guards the queue state (in _queue, which takes it) and the outcome counters of queued events.
    private readonly Lock _sync = new();
    private readonly DeliveryQueue _queue;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _jitter = new();
    private readonly Task _worker;
    private readonly ITimer _timer;
    private int _wakePending;

    // Set by the timer, FlushAsync and ShutdownAsync: the worker then sends everything queued. A wake from Capture
    // (FlushAt reached) sends full batches only, so a steady stream of events travels in batches, not one by one.
    private int _drainAllRequested;

    // Only the dispatcher reads and writes it: a drain-all wake is served until both queues are empty.
    private bool _drainAll;

    // Retryable failures in a row, across all deliveries.
    private int _failureStreak;
    private volatile bool _aiFallbackActive;
    private TaskCompletionSource<PostHogShutdownResult>? _shutdown;

    // The outcome counters of queued events change under _sync, with the queue's unfinished count, so a snapshot always balances.
    private readonly DeliveryCounters _counters = new();
    private readonly LogWindow _queueFullLog;
    private readonly LogWindow _storageFullLog;
    private LastErrorInfo? _lastError;

    /// <summary>Creates the client and starts its background sending loop.</summary>
    /// <param name="options">The settings; they are copied, later changes have no effect.</param>
    /// <exception cref="ArgumentException"><see cref="PostHogClientOptions.ApiKey"/> is missing, or
    /// <see cref="PostHogClientOptions.Host"/> is not an absolute http(s) URI. The message never contains the key.</exception>
    public PostHogClient(PostHogClientOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("PostHogClientOptions.ApiKey is required.", nameof(options));
        }

        var host = NormalizeHost(options.Host)
            ?? throw new ArgumentException("PostHogClientOptions.Host must be an absolute http or https URI.", nameof(options));

        _settings = new ClientSettings(options, host);
        _logger = options.Logger ?? NullLogger.Instance;
        _time = options.TimeProvider ?? TimeProvider.System;
        _queueFullLog = new LogWindow(_time, QueueFullLogInterval);
        _storageFullLog = new LogWindow(_time, QueueFullLogInterval);
        _onError = options.OnError;
        _requestCompleted = options.RequestCompleted;
        _batchUri = new Uri(host + BatchPath);
        _aiUri = new Uri(host + AiPath);
        _batchPath = _batchUri.AbsolutePath;
        _aiPath = _aiUri.AbsolutePath;
        _serializer = new EventSerializer(_settings.LibName, _settings.LibVersion, _settings.DisableGeoIp);
        _slots = new RequestSlots(_settings.MaxConcurrentRequests, _time);
        _queue = new DeliveryQueue(_sync, _settings, _counters, BatchThreshold);
        _drain = new DrainDeadline(_time);
        _redactor = new KeyRedactor(_settings.ApiKey);
        _transport = new PostHogTransport(options, _settings, _time, _logger, _redactor);

        // The loop and the timer must not capture the creator's async-local state (Activity.Current, scopes, …).
        var suppressed = !ExecutionContext.IsFlowSuppressed();
        var flow = suppressed ? ExecutionContext.SuppressFlow() : default;
        try
        {
            _worker = Task.Run(RunWorkerAsync);
            _timer = _time.CreateTimer(static state => ((PostHogClient)state!).OnTimer(), this, _settings.FlushInterval, _settings.FlushInterval);
            StartStorage();
        }
        finally
        {
            if (suppressed)
            {
                flow.Undo();
            }
        }
    }

    /// <summary>Test seam: replaces gzip compression (for example with one that throws).</summary>
    internal Func<ArraySegment<byte>, ArraySegment<byte>>? CompressOverride
    {
        get => _transport.CompressOverride;
        set => _transport.CompressOverride = value;
    }

    /// <summary>Serialised bytes queued now, both lanes (for tests of the memory bound).</summary>
    internal long QueuedBytes => _queue.QueuedBytes;

    /// <summary>The background sending loop (for tests: it ends when the client is shut down).</summary>
    internal Task Worker => _worker;

    /// <inheritdoc />
    public PostHogCaptureResult Capture(PostHogEvent evt) => CaptureCore(evt, Lane.Analytics);

    /// <inheritdoc />
    public PostHogCaptureResult CaptureAi(PostHogEvent evt) => CaptureCore(evt, Lane.Ai);

    /// <inheritdoc />
    public PostHogClientDiagnostics GetDiagnostics()
    {
        var counts = _queue.ReadBalanced();
        var last = Volatile.Read(ref _lastError);
        return WithStorage(_counters.Snapshot(counts, _transport.Requests, _aiFallbackActive, last));
    }

    /// <summary>Shuts the client down (<see cref="ShutdownAsync"/>), waiting at most <c>ShutdownTimeout</c> + 1 s. Never throws.</summary>
    public void Dispose()
    {
        try
        {
            var task = ShutdownAsync();
            var bound = _settings.ShutdownTimeout == Timeout.InfiniteTimeSpan
                ? Timeout.InfiniteTimeSpan
                : _settings.ShutdownTimeout + TimeSpan.FromSeconds(1);
            if (bound.TotalMilliseconds > int.MaxValue)
            {
                bound = Timeout.InfiniteTimeSpan;
            }

            task.Wait(bound);
        }
#pragma warning disable CA1031 // Dispose never throws.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The same as <see cref="ShutdownAsync"/> with the default timeout.</summary>
    /// <returns>A task that completes when the client is shut down.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The first ShutdownAsync call was cancelled by its caller; the client is shut down all the same.
        }
    }

    private static string? NormalizeHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        if (!Uri.TryCreate(host!.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The handler of a client-owned <see cref="HttpClient"/> (for tests of its settings).</summary>
    internal static HttpMessageHandler CreateDefaultHandler() => PostHogTransport.CreateDefaultHandler();

    /// <summary>Reports one failure: <see cref="PostHogClientDiagnostics.LastError"/> and <see cref="PostHogClientOptions.OnError"/>.</summary>
    private void Report(PostHogDeliveryErrorReason reason, int? status, string? path, IReadOnlyList<string> uuids, string message, Exception? exception, string? body)
    {
        message = _redactor.Redact(message);
        exception = _redactor.Redact(exception);
        Volatile.Write(ref _lastError, new LastErrorInfo(message, _time.GetUtcNow()));
        var callback = _onError;
        if (callback is null)
        {
            return;
        }

        try
        {
            callback(new PostHogDeliveryError
            {
                Reason = reason,
                StatusCode = status,
                Path = path,
                EventUuids = uuids,
                Message = message,
                Exception = exception,
                ResponseBody = body,
            });
        }
#pragma warning disable CA1031 // The callback's exceptions never affect sending.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ClientLog.CallbackFailed(_logger, _redactor.Redact(ex)!);
        }
    }

    /// <summary>Wakes the worker to send everything queued, including a last partial batch.</summary>
    private void WakeToDrainAll()
    {
        Volatile.Write(ref _drainAllRequested, 1);
        Wake();
    }

    private void Wake()
    {
        // Read first: while the sending loop has not yet taken the last signal, a capture need not claim the field's cache line.
        if (Volatile.Read(ref _wakePending) == 0 && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    private void OnTimer()
    {
        if (_queue.AnyQueued)
        {
            WakeToDrainAll();
        }
    }
}
