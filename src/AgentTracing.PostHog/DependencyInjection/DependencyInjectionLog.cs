using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog;

/// <summary>The log lines of the dependency-injection integration. None of them can contain the API key.</summary>
internal static partial class DependencyInjectionLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "posthog: the host's shutdown timeout ended before the exporter had sent its pending events; the rest are lost")]
    public static partial void ShutdownCutShort(ILogger logger);
}
