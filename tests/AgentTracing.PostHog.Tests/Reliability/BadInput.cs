using System.Collections.Generic;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>
/// One malformed input: the tracing events that carry it (a <see langword="null"/> entry is a null event), the id of
/// the span it concerns (<see langword="null"/> when it has no usable id) and whether that span must still arrive.
/// </summary>
internal sealed record BadInput(BadInputKind Kind, IReadOnlyList<TracingEvent?> Events, string? SpanId, bool Arrives);
