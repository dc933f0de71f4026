using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>Every log line of the exporter (spec §18). None of them can contain the API key.</summary>
internal static partial class ExporterLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "posthog disabled: Missing required API key. Set POSTHOG_API_KEY environment variable or pass ApiKey in options.")]
    public static partial void DisabledMissingApiKey(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "posthog disabled: Invalid host '{Host}'. Provide an absolute http or https URL.")]
    public static partial void DisabledInvalidHost(ILogger logger, string host);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "No PostHog host specified, using US default (https://us.i.posthog.com). For EU region, set Host to \"https://eu.i.posthog.com\" in options or the POSTHOG_HOST environment variable. For self-hosted, provide your instance URL.")]
    public static partial void UsingDefaultHost(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "posthog: FlushAt must be at least 1; using {FlushAt}")]
    public static partial void InvalidFlushAt(ILogger logger, int flushAt);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "posthog: FlushInterval must be positive; using {FlushInterval}")]
    public static partial void InvalidFlushInterval(ILogger logger, TimeSpan flushInterval);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "PostHog exporter initialized (host={Host}, flushAt={FlushAt}, flushInterval={FlushInterval}, privacyMode={PrivacyMode})")]
    public static partial void Initialized(ILogger logger, string host, int flushAt, TimeSpan flushInterval, bool privacyMode);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "PostHog exporter initialized in serverless mode (host={Host}, flushAt={FlushAt}, flushInterval={FlushInterval}, privacyMode={PrivacyMode})")]
    public static partial void InitializedServerless(ILogger logger, string host, int flushAt, TimeSpan flushInterval, bool privacyMode);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "posthog: ignoring tracing event without span id or trace id")]
    public static partial void IgnoringEventWithoutIds(ILogger logger);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "posthog: Error in customSpanFormatter")]
    public static partial void SpanFormatterFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "posthog: exporter error (event {EventType}, trace {TraceId}, span {SpanId})")]
    public static partial void ExporterError(ILogger logger, Exception exception, TracingEventType eventType, string traceId, string spanId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "PostHog exporter: dropping feedback with no traceId; PostHog requires $ai_trace_id (feedback {FeedbackId})")]
    public static partial void FeedbackWithoutTraceId(ILogger logger, string feedbackId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "PostHog exporter: failed to submit feedback (trace {TraceId}, feedback {FeedbackId})")]
    public static partial void FeedbackFailed(ILogger logger, Exception exception, string? traceId, string? feedbackId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "posthog: trace {TraceId} killed due to memory cap enforcement ({ActiveSpans} active spans aborted)")]
    public static partial void TraceKilled(ILogger logger, string traceId, int activeSpans);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "posthog: Flushing")]
    public static partial void Flushing(ILogger logger);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "posthog: flushed (sent {Sent}, failed {Failed}, dropped {Dropped})")]
    public static partial void Flushed(ILogger logger, int sent, int failed, int dropped);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "posthog: flush finished with losses (sent {Sent}, failed {Failed}, dropped {Dropped})")]
    public static partial void FlushedWithLosses(ILogger logger, int sent, int failed, int dropped);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "posthog shutdown complete")]
    public static partial void ShutdownComplete(ILogger logger);

    [LoggerMessage(EventId = 18, Level = LogLevel.Debug, Message = "posthog: the value of '{Key}' in a {EventName} event could not be serialised ({ValueType}); sent a placeholder")]
    public static partial void ValueNotSerializable(ILogger logger, Exception exception, string key, string eventName, string valueType);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "posthog: trace {TraceId} has more than {Limit} spans; further spans are not cached (their end snapshots are sent as they are)")]
    public static partial void SpanLimitReached(ILogger logger, string traceId, int limit);

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "posthog: error while shutting down")]
    public static partial void ShutdownFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "posthog: ignoring feedback event without feedback")]
    public static partial void IgnoringEmptyFeedback(ILogger logger);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "posthog disabled: the PostHog client could not be created ({ExceptionType}: {Reason})")]
    public static partial void ClientCreationFailed(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "posthog: Host '{Host}' uses plain http; events and the project API key travel unencrypted. Use https unless this is a trusted network.")]
    public static partial void PlainHttpHost(ILogger logger, string host);
}
