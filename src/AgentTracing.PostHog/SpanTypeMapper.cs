namespace AgentTracing.PostHog;

/// <summary>
/// The span-type table of the reference exporter's documentation: which PostHog event a span becomes.
/// An ended, non-event root span is sent as <c>$ai_trace</c> whatever its type.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Span type</term><description>PostHog event</description></listheader>
/// <item><term><c>model_generation</c>, <c>model_step</c></term><description><c>$ai_generation</c></description></item>
/// <item><term>every other type, including unknown ones</term><description><c>$ai_span</c></description></item>
/// </list>
/// </remarks>
public static class SpanTypeMapper
{
    /// <summary>The PostHog event name of a span of <paramref name="spanType"/> that is not an ended root span.</summary>
    /// <param name="spanType">The span type; <c>default</c> counts as <c>generic</c>.</param>
    /// <returns><c>"$ai_generation"</c> for model generations and steps, <c>"$ai_span"</c> otherwise.</returns>
    public static string ToPostHogEvent(SpanType spanType) =>
        spanType.Value is "model_generation" or "model_step" ? AiEventNames.Generation : AiEventNames.Span;

    /// <summary>The PostHog event name of a span, taking the root rule into account.</summary>
    /// <param name="spanType">The span type.</param>
    /// <param name="isRootSpan">Whether the span is the root of its trace.</param>
    /// <param name="isEvent">Whether the span is a point-in-time event span (never a trace).</param>
    /// <returns><c>"$ai_trace"</c> for a non-event root span, else <see cref="ToPostHogEvent(SpanType)"/>.</returns>
    public static string ToPostHogEvent(SpanType spanType, bool isRootSpan, bool isEvent) =>
        isRootSpan && !isEvent ? AiEventNames.Trace : ToPostHogEvent(spanType);
}
