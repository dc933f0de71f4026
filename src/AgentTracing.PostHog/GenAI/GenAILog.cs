using System;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>Log lines of the GenAI activity bridge. They never contain message content.</summary>
internal static partial class GenAILog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "posthog genai bridge: failed to handle {Callback} of activity '{ActivityName}'")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string callback, string activityName);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "posthog genai bridge: a user or session resolver threw for activity '{ActivityName}'; the value is left out")]
    public static partial void ResolverFailed(ILogger logger, Exception exception, string activityName);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "posthog genai bridge: more than {Limit} activities are open (started and never stopped); dropped the oldest without exporting them ({Evicted} since the last warning)")]
    public static partial void Evicted(ILogger logger, int limit, long evicted);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "posthog genai bridge: the exporter failed to accept an event")]
    public static partial void ExportFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "posthog genai bridge: listening to GenAI activity sources {SourceNames}")]
    public static partial void Listening(ILogger logger, string sourceNames);
}
