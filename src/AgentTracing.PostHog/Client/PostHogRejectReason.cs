namespace AgentTracing.PostHog;

/// <summary>Why a capture call did not queue an event.</summary>
public enum PostHogRejectReason
{
    /// <summary>The event was <see langword="null"/>, or had an empty name or distinct id.</summary>
    InvalidEvent,

    /// <summary>The serialised event is larger than the lane's per-event limit.</summary>
    EventTooLarge,

    /// <summary>The lane's queue holds <c>MaxQueueSize</c> events or <c>MaxQueueBytes</c> bytes.</summary>
    QueueFull,

    /// <summary>The client is shutting down or shut down.</summary>
    ShutDown,
}
