using System;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>The last failure for <see cref="PostHogClientDiagnostics"/>, swapped atomically as one reference.</summary>
internal sealed class LastErrorInfo
{
    public LastErrorInfo(string message, DateTimeOffset at)
    {
        Message = message;
        At = at;
    }

    public string Message { get; }

    public DateTimeOffset At { get; }
}
