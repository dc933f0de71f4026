namespace AgentTracing.PostHog.Client.Internal;

/// <summary>The two queues of the client. A request never mixes lanes.</summary>
internal enum Lane
{
    /// <summary><c>Capture</c>: always <c>{host}/batch/</c>.</summary>
    Analytics,

    /// <summary><c>CaptureAi</c>: <c>{host}/i/v0/ai/batch/</c>, or <c>{host}/batch/</c> after a 404.</summary>
    Ai,
}
