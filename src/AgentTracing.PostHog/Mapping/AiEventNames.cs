namespace AgentTracing.PostHog;

/// <summary>The PostHog LLM-analytics event names.</summary>
internal static class AiEventNames
{
    public const string Trace = "$ai_trace";
    public const string Generation = "$ai_generation";
    public const string Span = "$ai_span";
    public const string Feedback = "$ai_feedback";
}
