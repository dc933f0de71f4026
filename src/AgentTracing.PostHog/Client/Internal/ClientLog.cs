using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// Every log line of <see cref="PostHogClient"/>, through <c>LoggerMessage</c> source generation.
/// No line takes the API key or a request body.
/// </summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "PostHog event rejected: {Reason} (event '{EventName}', uuid {Uuid})")]
    public static partial void EventRejected(ILogger logger, PostHogRejectReason reason, string? eventName, string? uuid);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "PostHog event rejected: QueueFull (event '{EventName}', uuid {Uuid}); {Count} events rejected because the queue was full since the last report")]
    public static partial void QueueFull(ILogger logger, string? eventName, string? uuid, long count);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug,
        Message = "PostHog event '{EventName}' has an invalid uuid; it was replaced by {Uuid}")]
    public static partial void InvalidUuidReplaced(ILogger logger, string? eventName, string uuid);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "PostHog event could not be serialised and was rejected: InvalidEvent (event '{EventName}', uuid {Uuid})")]
    public static partial void SerializationFailed(ILogger logger, Exception exception, string? eventName, string? uuid);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning,
        Message = "PostHog AI endpoint /i/v0/ai/batch/ not found (404); sending AI events to /batch/ for the rest of this client's lifetime")]
    public static partial void AiFallback(ILogger logger);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug,
        Message = "PostHog request {Path} attempt {Attempt} failed with {Failure}; retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string path, int attempt, string failure, TimeSpan delay);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning,
        Message = "PostHog request {Path} failed with {Status}: {Body}; {Count} events dropped")]
    public static partial void RequestFailed(ILogger logger, string path, int status, string body, int count);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Warning,
        Message = "PostHog request {Path} was redirected ({Status}) to {Location} and not followed ({Refusal}); set Host to the address PostHog answers at; {Count} events dropped")]
    public static partial void RedirectNotFollowed(ILogger logger, string path, int status, string location, string refusal, int count);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error,
        Message = "PostHog rejected the project API key ({Status}); {Count} events dropped")]
    public static partial void ApiKeyRejected(ILogger logger, int status, int count);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning,
        Message = "PostHog request {Path} failed after {Attempts} attempts: {Failure}; {Count} events dropped")]
    public static partial void RetriesExhausted(ILogger logger, string path, int attempts, string failure, int count);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Debug,
        Message = "PostHog request {Path} answered {Status}; splitting {Count} events")]
    public static partial void Splitting(ILogger logger, string path, int status, int count);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Warning,
        Message = "PostHog request {Path} failed with 400: {Body}; 1 events dropped (event '{EventName}', uuid {Uuid})")]
    public static partial void EventRefused(ILogger logger, string path, string body, string eventName, string uuid);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning,
        Message = "PostHog event dropped as too large for {Path}: {Size} bytes (event '{EventName}', uuid {Uuid})")]
    public static partial void EventDroppedTooLarge(ILogger logger, string path, int size, string eventName, string uuid);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Debug,
        Message = "PostHog request body compression failed; sending it uncompressed")]
    public static partial void CompressionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error,
        Message = "PostHog client: timeout while shutting down; {Count} events were not sent")]
    public static partial void ShutdownTimeout(ILogger logger, int count);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error,
        Message = "PostHog client: unexpected error in the sending loop")]
    public static partial void LoopError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning,
        Message = "PostHog client: the OnError callback threw an exception")]
    public static partial void CallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning,
        Message = "PostHog storage directory '{Directory}' cannot be used ({Problem}); the client runs without storage")]
    public static partial void StorageUnusable(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Information,
        Message = "PostHog client: {Count} events written to the storage directory ({Cause}); they are sent again when PostHog answers")]
    public static partial void EventsStored(ILogger logger, int count, string cause);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Warning,
        Message = "PostHog storage directory is full or cannot be written ({Bytes} of {MaxBytes} bytes); {Count} events dropped in all")]
    public static partial void StorageFull(ILogger logger, long bytes, long maxBytes, long count);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Warning,
        Message = "PostHog storage: a batch could not be written to '{Directory}' ({Problem}); {Count} writes failed since the last report")]
    public static partial void StorageWriteFailed(ILogger logger, string directory, string problem, long count);

    [LoggerMessage(EventId = 1034, Level = LogLevel.Warning,
        Message = "PostHog storage: the file {File} is torn or corrupt ({Problem}); it was deleted")]
    public static partial void StoredBatchCorrupt(ILogger logger, string file, string problem);

    [LoggerMessage(EventId = 1035, Level = LogLevel.Warning,
        Message = "PostHog storage: {Files} batches ({Count} events) older than {MaxAge} were removed unsent")]
    public static partial void StoredBatchesExpired(ILogger logger, int files, long count, TimeSpan maxAge);

    [LoggerMessage(EventId = 1036, Level = LogLevel.Warning,
        Message = "PostHog request {Path} refused a stored batch with {Status}: {Body}; {Count} events removed from storage")]
    public static partial void StoredBatchRefused(ILogger logger, string path, int status, string body, int count);

    [LoggerMessage(EventId = 1037, Level = LogLevel.Debug,
        Message = "PostHog storage: {Count} stored events sent to {Path}")]
    public static partial void StoredBatchSent(ILogger logger, int count, string path);
}
