using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>
/// Every log line of the exporter. None of them can contain the API key. Lines that bad input can repeat
/// (one per event) go through a <see cref="LogRateLimiter"/>: at most one per kind per 10 s, ending with the number of
/// occurrences since the previous line of that kind.
/// </summary>
internal static partial class ExporterLog
{
    private const string SinceLastReport = "; {Count} since the last report";
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "posthog disabled: Missing required API key. Set the POSTHOG_API_KEY environment variable, PostHog:ApiKey in configuration, or ApiKey in options.")]
    public static partial void DisabledMissingApiKey(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "No PostHog host specified, using US default (https://us.i.posthog.com). For EU region, set Host to \"https://eu.i.posthog.com\" in options, PostHog:Host in configuration or the POSTHOG_HOST environment variable. For self-hosted, provide your instance URL.")]
    public static partial void UsingDefaultHost(ILogger logger);

    /// <summary>A setting with a value the exporter cannot use, with what it did instead.</summary>
    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void InvalidSetting(ILogger logger, string problem);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "PostHog exporter initialized (host={Host}, flushAt={FlushAt}, flushInterval={FlushInterval}, privacyMode={PrivacyMode})")]
    public static partial void Initialized(ILogger logger, string host, int flushAt, TimeSpan flushInterval, bool privacyMode);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "PostHog exporter initialized in serverless mode (host={Host}, flushAt={FlushAt}, flushInterval={FlushInterval}, privacyMode={PrivacyMode})")]
    public static partial void InitializedServerless(ILogger logger, string host, int flushAt, TimeSpan flushInterval, bool privacyMode);

    public static void IgnoringEventWithoutIds(LogRateLimiter limiter)
    {
        if (limiter.ShouldLog(8, LogLevel.Warning, out var count))
        {
            IgnoringEventWithoutIds(limiter.Logger, count);
        }
    }

    public static void SpanFormatterFailed(LogRateLimiter limiter, Exception exception)
    {
        if (limiter.ShouldLog(9, LogLevel.Error, out var count))
        {
            SpanFormatterFailed(limiter.Logger, exception, count);
        }
    }

    public static void ExporterError(LogRateLimiter limiter, Exception exception, TracingEventType eventType, string traceId, string spanId)
    {
        if (limiter.ShouldLog(10, LogLevel.Error, out var count))
        {
            ExporterError(limiter.Logger, exception, eventType, traceId, spanId, count);
        }
    }

    public static void FeedbackWithoutTraceId(LogRateLimiter limiter, string feedbackId)
    {
        if (limiter.ShouldLog(11, LogLevel.Debug, out var count))
        {
            FeedbackWithoutTraceId(limiter.Logger, feedbackId, count);
        }
    }

    public static void FeedbackFailed(LogRateLimiter limiter, Exception exception, string? traceId, string? feedbackId)
    {
        if (limiter.ShouldLog(12, LogLevel.Error, out var count))
        {
            FeedbackFailed(limiter.Logger, exception, traceId, feedbackId, count);
        }
    }

    public static void TraceKilled(LogRateLimiter limiter, string traceId, int activeSpans)
    {
        if (limiter.ShouldLog(13, LogLevel.Warning, out var count))
        {
            TraceKilled(limiter.Logger, traceId, activeSpans, count);
        }
    }

    public static void IgnoringEmptyFeedback(LogRateLimiter limiter)
    {
        if (limiter.ShouldLog(21, LogLevel.Warning, out var count))
        {
            IgnoringEmptyFeedback(limiter.Logger, count);
        }
    }

    /// <summary>
    /// One line per kind in <paramref name="issues"/> (rate-limited per kind): what was wrong with the input of the
    /// event <paramref name="eventName"/> (span or feedback <paramref name="id"/> of trace <paramref name="traceId"/>)
    /// and how it was handled.
    /// </summary>
    public static void BadInput(LogRateLimiter limiter, InputIssues issues, string eventName, string traceId, string id, string? parentId, EventProperties? properties)
    {
        long count;
        if ((issues & InputIssues.UnserializableValue) != 0 && properties?.FirstFailure is { } failure && limiter.ShouldLog(18, LogLevel.Debug, out count))
        {
            ValueNotSerializable(limiter.Logger, failure.Error, failure.Key, eventName, failure.Type.Name, count);
        }

        if ((issues & InputIssues.NonFiniteNumber) != 0 && limiter.ShouldLog(28, LogLevel.Debug, out count))
        {
            NonFiniteNumber(limiter.Logger, eventName, id, traceId, count);
        }

        if ((issues & InputIssues.StringTruncated) != 0 && limiter.ShouldLog(29, LogLevel.Debug, out count))
        {
            StringTruncated(limiter.Logger, eventName, id, traceId, count);
        }

        if ((issues & InputIssues.LoneSurrogate) != 0 && limiter.ShouldLog(30, LogLevel.Debug, out count))
        {
            LoneSurrogate(limiter.Logger, eventName, id, traceId, count);
        }

        if ((issues & InputIssues.WrongAttributeType) != 0 && limiter.ShouldLog(31, LogLevel.Debug, out count))
        {
            WrongAttributeType(limiter.Logger, properties?.FirstWrongAttribute ?? "", id, traceId, count);
        }

        if ((issues & InputIssues.UnknownParent) != 0 && limiter.ShouldLog(27, LogLevel.Debug, out count))
        {
            UnknownParent(limiter.Logger, parentId ?? "", id, traceId, count);
        }

        if ((issues & InputIssues.EndWithoutStart) != 0 && limiter.ShouldLog(24, LogLevel.Debug, out count))
        {
            EndWithoutStart(limiter.Logger, id, traceId, count);
        }

        if ((issues & InputIssues.EndBeforeStart) != 0 && limiter.ShouldLog(25, LogLevel.Debug, out count))
        {
            EndBeforeStart(limiter.Logger, id, traceId, count);
        }

        if ((issues & InputIssues.DuplicateSpanId) != 0 && limiter.ShouldLog(26, LogLevel.Debug, out count))
        {
            DuplicateSpanId(limiter.Logger, id, traceId, count);
        }

        if ((issues & InputIssues.MessagesLeftOut) != 0 && limiter.ShouldLog(41, LogLevel.Debug, out count))
        {
            MessagesLeftOut(limiter.Logger, eventName, id, traceId, count);
        }

        if ((issues & InputIssues.TooManyProperties) != 0 && limiter.ShouldLog(42, LogLevel.Warning, out count))
        {
            TooManyProperties(limiter.Logger, eventName, id, traceId, EventProperties.MaxUserProperties, count);
        }

        if ((issues & InputIssues.CacheAboveInput) != 0 && limiter.ShouldLog(40, LogLevel.Debug, out count))
        {
            CacheAboveInput(limiter.Logger, id, traceId, count);
        }
    }

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "posthog: ignoring tracing event without span id or trace id" + SinceLastReport)]
    private static partial void IgnoringEventWithoutIds(ILogger logger, long count);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "posthog: Error in customSpanFormatter" + SinceLastReport)]
    private static partial void SpanFormatterFailed(ILogger logger, Exception exception, long count);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "posthog: exporter error (event {EventType}, trace {TraceId}, span {SpanId})" + SinceLastReport)]
    private static partial void ExporterError(ILogger logger, Exception exception, TracingEventType eventType, string traceId, string spanId, long count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "PostHog exporter: dropping feedback with no traceId; PostHog requires $ai_trace_id (feedback {FeedbackId})" + SinceLastReport)]
    private static partial void FeedbackWithoutTraceId(ILogger logger, string feedbackId, long count);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "PostHog exporter: failed to submit feedback (trace {TraceId}, feedback {FeedbackId})" + SinceLastReport)]
    private static partial void FeedbackFailed(ILogger logger, Exception exception, string? traceId, string? feedbackId, long count);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "posthog: trace {TraceId} killed due to memory cap enforcement ({ActiveSpans} active spans aborted)" + SinceLastReport)]
    private static partial void TraceKilled(ILogger logger, string traceId, int activeSpans, long count);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "posthog: Flushing")]
    public static partial void Flushing(ILogger logger);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "posthog: flushed (sent {Sent}, failed {Failed}, dropped {Dropped}, stored {Stored})")]
    public static partial void Flushed(ILogger logger, int sent, int failed, int dropped, int stored);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "posthog: flush finished with losses (sent {Sent}, failed {Failed}, dropped {Dropped}, stored {Stored})")]
    public static partial void FlushedWithLosses(ILogger logger, int sent, int failed, int dropped, int stored);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "posthog shutdown complete")]
    public static partial void ShutdownComplete(ILogger logger);

    [LoggerMessage(EventId = 18, Level = LogLevel.Debug, Message = "posthog: the value of '{Key}' in a {EventName} event could not be serialised ({ValueType}); sent a placeholder" + SinceLastReport)]
    private static partial void ValueNotSerializable(ILogger logger, Exception exception, string key, string eventName, string valueType, long count);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "posthog: trace {TraceId} has more than {Limit} spans; further spans are not cached (their end snapshots are sent as they are)")]
    public static partial void SpanLimitReached(ILogger logger, string traceId, int limit);

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "posthog: error while shutting down")]
    public static partial void ShutdownFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "posthog: ignoring feedback event without feedback" + SinceLastReport)]
    private static partial void IgnoringEmptyFeedback(ILogger logger, long count);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "posthog disabled: the PostHog client could not be created ({ExceptionType}: {Reason})")]
    public static partial void ClientCreationFailed(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "posthog: Host '{Host}' uses plain http; events and the project API key travel unencrypted. Use https unless this is a trusted network.")]
    public static partial void PlainHttpHost(ILogger logger, string host);

    [LoggerMessage(EventId = 24, Level = LogLevel.Debug, Message = "posthog: span_ended for span {SpanId} of trace {TraceId}, which never started; sent from its end snapshot" + SinceLastReport)]
    private static partial void EndWithoutStart(ILogger logger, string spanId, string traceId, long count);

    [LoggerMessage(EventId = 25, Level = LogLevel.Debug, Message = "posthog: span {SpanId} of trace {TraceId} ends before it starts; latency sent as 0" + SinceLastReport)]
    private static partial void EndBeforeStart(ILogger logger, string spanId, string traceId, long count);

    [LoggerMessage(EventId = 26, Level = LogLevel.Debug, Message = "posthog: span id {SpanId} of trace {TraceId} was seen before; merged into the cached span (sent again when it ends again; an event span is sent once)" + SinceLastReport)]
    private static partial void DuplicateSpanId(ILogger logger, string spanId, string traceId, long count);

    [LoggerMessage(EventId = 27, Level = LogLevel.Debug, Message = "posthog: parent {ParentSpanId} of span {SpanId} (trace {TraceId}) was never seen; sent with the raw parent id" + SinceLastReport)]
    private static partial void UnknownParent(ILogger logger, string parentSpanId, string spanId, string traceId, long count);

    [LoggerMessage(EventId = 28, Level = LogLevel.Debug, Message = "posthog: a NaN or infinite number in the {EventName} event of {Id} (trace {TraceId}) was sent as a placeholder" + SinceLastReport)]
    private static partial void NonFiniteNumber(ILogger logger, string eventName, string id, string traceId, long count);

    [LoggerMessage(EventId = 29, Level = LogLevel.Debug, Message = "posthog: a string over 200,000 UTF-8 bytes in the {EventName} event of {Id} (trace {TraceId}) was truncated" + SinceLastReport)]
    private static partial void StringTruncated(ILogger logger, string eventName, string id, string traceId, long count);

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "posthog: unpaired UTF-16 surrogates in the {EventName} event of {Id} (trace {TraceId}) were replaced by U+FFFD" + SinceLastReport)]
    private static partial void LoneSurrogate(ILogger logger, string eventName, string id, string traceId, long count);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "posthog: attribute '{Key}' of span {SpanId} (trace {TraceId}) has an unexpected JSON type" + SinceLastReport)]
    private static partial void WrongAttributeType(ILogger logger, string key, string spanId, string traceId, long count);

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "posthog: the usage of span {SpanId} (trace {TraceId}) reports more cache tokens than input tokens; cache tokens sent capped at the input tokens" + SinceLastReport)]
    private static partial void CacheAboveInput(ILogger logger, string spanId, string traceId, long count);

    [LoggerMessage(EventId = 41, Level = LogLevel.Debug, Message = "posthog: the messages of the {EventName} event of {Id} (trace {TraceId}) are larger than 2 MB; the oldest were left out" + SinceLastReport)]
    private static partial void MessagesLeftOut(ILogger logger, string eventName, string id, string traceId, long count);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "posthog: the {EventName} event of {Id} (trace {TraceId}) has more than {Limit} custom properties (metadata, tags, attributes); the rest were left out" + SinceLastReport)]
    private static partial void TooManyProperties(ILogger logger, string eventName, string id, string traceId, int limit, long count);
}
