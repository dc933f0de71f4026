using System.Threading;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// The client's delivery counters and the snapshot <see cref="PostHogClient.GetDiagnostics"/> builds from them. The
/// outcome counters of queued events are changed and read only under the client's lock, with its count of unfinished
/// events, so a snapshot always balances; the counters of rejections, retries and splits stand alone and are atomic.
/// </summary>
internal sealed class DeliveryCounters
{
    // Guarded by the client's lock.
    private long _enqueued;
    private long _sent;
    private long _failed;
    private long _droppedAfterQueue;
    private long _unsent;
    private long _stored;
    private long _droppedStorageFull;

    // Atomic.
    private long _rejectedInvalid;
    private long _rejectedShutDown;
    private long _droppedQueueFull;
    private long _droppedTooLarge;
    private long _retries;
    private long _splits;

    /// <summary>Events written to the storage directory. Read under the client's lock.</summary>
    public long Stored => _stored;

    /// <summary>Events meant for the storage directory that were dropped. Read under the client's lock.</summary>
    public long DroppedStorageFull => _droppedStorageFull;

    /// <summary>Counts one accepted event. Called under the client's lock, as the event is queued.</summary>
    public void CountEnqueued() => _enqueued++;

    /// <summary>Counts one queued event's outcome. Called under the client's lock, as the event is finished.</summary>
    public void CountOutcome(EventOutcome outcome)
    {
        switch (outcome)
        {
            case EventOutcome.Sent:
                _sent++;
                break;
            case EventOutcome.Failed:
                _failed++;
                break;
            case EventOutcome.Dropped:
                _droppedAfterQueue++;
                break;
            case EventOutcome.Stored:
                _stored++;
                break;
            case EventOutcome.StorageFull:
                _droppedStorageFull++;
                break;
            default:
                _unsent++;
                break;
        }
    }

    /// <summary>Counts one event that <c>Capture</c> rejected; it was never queued.</summary>
    public void CountRejected(PostHogRejectReason reason)
    {
        switch (reason)
        {
            case PostHogRejectReason.InvalidEvent:
                Interlocked.Increment(ref _rejectedInvalid);
                break;
            case PostHogRejectReason.EventTooLarge:
                Interlocked.Increment(ref _droppedTooLarge);
                break;
            case PostHogRejectReason.QueueFull:
                Interlocked.Increment(ref _droppedQueueFull);
                break;
            default:
                Interlocked.Increment(ref _rejectedShutDown);
                break;
        }
    }

    /// <summary>Counts one attempt after the first.</summary>
    public void CountRetry() => Interlocked.Increment(ref _retries);

    /// <summary>Counts one batch split in halves.</summary>
    public void CountSplit() => Interlocked.Increment(ref _splits);

    /// <summary>
    /// Reads the counts that balance. Called under the client's lock, which also guards the queue length and the
    /// unfinished count the caller passes.
    /// </summary>
    public BalancedCounts ReadBalanced(int queueLength, long inFlight) =>
        new(_enqueued, _sent, _failed, _droppedAfterQueue, _unsent, _stored, _droppedStorageFull, queueLength, inFlight);

    /// <summary>Builds a snapshot from counts read under the lock, the atomic counters and the client's own state.</summary>
    public PostHogClientDiagnostics Snapshot(in BalancedCounts counts, long requests, bool aiLaneFallbackActive, LastErrorInfo? lastError) => new()
    {
        EventsEnqueued = counts.Enqueued,
        EventsRejectedInvalid = Interlocked.Read(ref _rejectedInvalid),
        EventsRejectedShutDown = Interlocked.Read(ref _rejectedShutDown),
        EventsDroppedQueueFull = Interlocked.Read(ref _droppedQueueFull),
        EventsDroppedTooLarge = Interlocked.Read(ref _droppedTooLarge),
        EventsDroppedAfterQueue = counts.DroppedAfterQueue,
        EventsSent = counts.Sent,
        EventsFailed = counts.Failed,
        EventsUnsent = counts.Unsent,
        EventsInFlight = counts.InFlight,
        Requests = requests,
        Retries = Interlocked.Read(ref _retries),
        Splits = Interlocked.Read(ref _splits),
        QueueLength = counts.QueueLength,
        AiLaneFallbackActive = aiLaneFallbackActive,
        LastError = lastError?.Message,
        LastErrorAt = lastError?.At,
        EventsStored = counts.Stored,
        EventsDroppedStorageFull = counts.DroppedStorageFull,
    };
}
