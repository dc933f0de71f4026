using System;

namespace AgentTracing.PostHog;

/// <summary>A snapshot of a PostHog client's counters. Counters never reset.</summary>
/// <remarks>
/// <para>Every accepted event is in exactly one place, and a snapshot always balances:
/// <c>EventsEnqueued = EventsSent + EventsFailed + EventsDroppedAfterQueue + EventsUnsent + EventsStored +
/// EventsDroppedStorageFull + QueueLength + EventsInFlight</c>.</para>
/// <para>With a storage directory used by one client, stored events are in one place too:
/// <c>EventsStored = EventsResent + EventsStorageFailed + EventsStorageExpired + events still in the directory</c>
/// (a file deleted as corrupt, <see cref="StorageFilesCorrupt"/>, takes its events with it). When several processes
/// share the directory, each one counts the batches it resent, whoever stored them.</para>
/// <para>Events rejected by <c>Capture</c> (<see cref="EventsRejectedInvalid"/>, <see cref="EventsRejectedShutDown"/>,
/// <see cref="EventsDroppedQueueFull"/>, <see cref="EventsDroppedTooLarge"/>) were never enqueued.</para>
/// </remarks>
public sealed record PostHogClientDiagnostics
{
    /// <summary>Events accepted by <c>Capture</c>/<c>CaptureAi</c>.</summary>
    public long EventsEnqueued { get; init; }

    /// <summary>Events rejected as <see cref="PostHogRejectReason.InvalidEvent"/>.</summary>
    public long EventsRejectedInvalid { get; init; }

    /// <summary>Events rejected as <see cref="PostHogRejectReason.ShutDown"/>.</summary>
    public long EventsRejectedShutDown { get; init; }

    /// <summary>Events rejected as <see cref="PostHogRejectReason.QueueFull"/>.</summary>
    public long EventsDroppedQueueFull { get; init; }

    /// <summary>Events rejected as too large by <c>Capture</c>/<c>CaptureAi</c>, before they were queued.</summary>
    public long EventsDroppedTooLarge { get; init; }

    /// <summary>
    /// Events accepted, then dropped as too large without being sent: a single event answered 413, or an AI event over
    /// the <c>/batch/</c> limit after the AI lane fell back to <c>/batch/</c>.
    /// </summary>
    public long EventsDroppedAfterQueue { get; init; }

    /// <summary>Events acknowledged with a 2xx response.</summary>
    public long EventsSent { get; init; }

    /// <summary>Events lost to a final HTTP failure (including a single event answered 400), a redirect that is not followed, or exhausted retries.</summary>
    public long EventsFailed { get; init; }

    /// <summary>Events abandoned at a shutdown timeout.</summary>
    public long EventsUnsent { get; init; }

    /// <summary>
    /// Events written to <see cref="PostHogClientOptions.StorageDirectory"/> instead of being dropped: their retries ran
    /// out, or they were still queued at a shutdown timeout.
    /// </summary>
    public long EventsStored { get; init; }

    /// <summary>Events meant for the storage directory that did not fit (<see cref="PostHogClientOptions.MaxStorageBytes"/>) or could not be written; dropped.</summary>
    public long EventsDroppedStorageFull { get; init; }

    /// <summary>Stored events (written by this process or an earlier one) that PostHog acknowledged when sent again.</summary>
    public long EventsResent { get; init; }

    /// <summary>Stored events PostHog refused with a final 4xx answer when sent again; removed from the directory.</summary>
    public long EventsStorageFailed { get; init; }

    /// <summary>Stored events removed unsent because they were older than <see cref="PostHogClientOptions.MaxStorageAge"/>.</summary>
    public long EventsStorageExpired { get; init; }

    /// <summary>Stored files deleted as torn or corrupt (a crash mid-write leaves a temporary file, not one of these).</summary>
    public long StorageFilesCorrupt { get; init; }

    /// <summary>Bytes in the storage directory, as this client last counted them.</summary>
    public long StorageBytes { get; init; }

    /// <summary>HTTP attempts made.</summary>
    public long Requests { get; init; }

    /// <summary>Attempts after the first.</summary>
    public long Retries { get; init; }

    /// <summary>Batches split in halves after a 413.</summary>
    public long Splits { get; init; }

    /// <summary>Events queued now, both lanes.</summary>
    public long QueueLength { get; init; }

    /// <summary>Events taken from the queue whose outcome is not known yet: in a request, or waiting for a retry.</summary>
    public long EventsInFlight { get; init; }

    /// <summary><see langword="true"/> after the AI route answered 404 and the AI lane moved to <c>/batch/</c>.</summary>
    public bool AiLaneFallbackActive { get; init; }

    /// <summary>A short description of the last failure. Never contains the API key.</summary>
    public string? LastError { get; init; }

    /// <summary>When the last failure happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }
}
