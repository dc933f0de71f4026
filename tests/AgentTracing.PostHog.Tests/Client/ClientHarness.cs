using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>
/// A client wired to a <see cref="FakePostHogServer"/>, a capturing logger, an OnError recorder and (by default) a
/// <see cref="TrackingTimeProvider"/>. Disposing it shuts the client down with a zero timeout (never hangs on a
/// fake clock) and stops the server.
/// </summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    public const string ApiKey = "phc_test_key";

    /// <summary>Fake-clock clients use distinctive timeouts, so their timers are not mistaken for backoff delays.</summary>
    public static readonly TimeSpan FakeRequestTimeout = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan FakeShutdownTimeout = TimeSpan.FromMinutes(7);

    public static readonly TimeSpan FakeFlushInterval = TimeSpan.FromHours(1);

    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(20);

    private ClientHarness(FakePostHogServer server, PostHogClient client, TrackingTimeProvider? clock, FakeLogger logger, ConcurrentQueue<PostHogDeliveryError> errors)
    {
        Server = server;
        Client = client;
        Clock = clock;
        Logger = logger;
        ErrorQueue = errors;
    }

    public FakePostHogServer Server { get; }

    public PostHogClient Client { get; }

    public TrackingTimeProvider? Clock { get; }

    public FakeLogger Logger { get; }

    private ConcurrentQueue<PostHogDeliveryError> ErrorQueue { get; }

    /// <summary>Every OnError call so far.</summary>
    public IReadOnlyList<PostHogDeliveryError> Errors => ErrorQueue.ToList();

    /// <summary>Every log record so far.</summary>
    public IReadOnlyList<FakeLogRecord> Logs => Logger.Collector.GetSnapshot();

    /// <summary>
    /// Starts a server and a client. Defaults: key <c>phc_test_key</c>, <c>LibVersion</c> 1.0.0, <c>FlushAt</c> 100 and a
    /// one-hour <c>FlushInterval</c> (so only explicit flushes send), a fake clock starting at <paramref name="start"/>
    /// (default 2026-01-01T00:00:00Z). <paramref name="configure"/> runs last.
    /// </summary>
    public static async Task<ClientHarness> StartAsync(Action<PostHogClientOptions>? configure = null, bool fakeClock = true, DateTimeOffset? start = null)
    {
        var clock = fakeClock ? new TrackingTimeProvider(start) : null;
        var server = await FakePostHogServer.StartAsync(clock).ConfigureAwait(false);
        var logger = new FakeLogger();
        var errors = new ConcurrentQueue<PostHogDeliveryError>();
        var options = new PostHogClientOptions
        {
            ApiKey = ApiKey,
            Host = server.BaseUrl,
            LibVersion = "1.0.0",
            FlushAt = 100,
            FlushInterval = FakeFlushInterval,
            Logger = logger,
            OnError = errors.Enqueue,
        };
        if (clock is not null)
        {
            options.TimeProvider = clock;
            options.RequestTimeout = FakeRequestTimeout;
            options.ShutdownTimeout = FakeShutdownTimeout;
        }

        configure?.Invoke(options);
        return new ClientHarness(server, new PostHogClient(options), clock, logger, errors);
    }

    /// <summary>The standard contract-suite event.</summary>
    public static PostHogEvent Event(string name = "test_event", string distinctId = "test_user", JsonObject? properties = null,
        DateTimeOffset? timestamp = null, string? uuid = null) =>
        new() { EventName = name, DistinctId = distinctId, Properties = properties, Timestamp = timestamp, Uuid = uuid };

    /// <summary>A one-shot timer that is neither a request timeout nor a shutdown timeout: a backoff delay.</summary>
    public static bool IsBackoff(TimerRegistration timer) =>
        timer.Period == Timeout.InfiniteTimeSpan && timer.DueTime != FakeRequestTimeout && timer.DueTime != FakeShutdownTimeout;

    /// <summary>Log records at <paramref name="level"/> whose message starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<FakeLogRecord> LogsStartingWith(LogLevel level, string prefix) =>
        Logs.Where(r => r.Level == level && r.Message.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Drives the fake clock until <paramref name="task"/> completes: each time the client registers a backoff delay,
    /// advances exactly by it. Returns the delays it advanced through. Fails after a real-time safety timeout.
    /// </summary>
    public async Task<(T Result, IReadOnlyList<TimeSpan> Delays)> DriveAsync<T>(Task<T> task)
    {
        var clock = Clock ?? throw new InvalidOperationException("DriveAsync needs a fake clock.");
        var delays = new List<TimeSpan>();
        var deadline = DateTime.UtcNow + SafetyTimeout;
        while (!task.IsCompleted)
        {
            var next = clock.NextTimer(IsBackoff, delays.Count);
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The task did not complete; requests: {string.Join(", ", Server.Requests)}");
            }

            var first = await Task.WhenAny(task, next).WaitAsync(remaining).ConfigureAwait(false);
            if (first == task)
            {
                break;
            }

            var timer = await next.ConfigureAwait(false);
            delays.Add(timer.DueTime);
            clock.Advance(timer.DueTime);
        }

        return (await task.ConfigureAwait(false), delays);
    }

    /// <summary>Flushes with a real-time safety timeout, without touching the clock.</summary>
    public Task<PostHogFlushResult> FlushAsync() => Client.FlushAsync().WaitAsync(SafetyTimeout);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.ShutdownAsync(TimeSpan.Zero).WaitAsync(SafetyTimeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A test cancelled the first shutdown call on purpose.
        }

        await Server.DisposeAsync().ConfigureAwait(false);
    }
}
