using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Source-generated metadata for the model types, so that they serialise without reflection (trimmed and AOT apps).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TracingEvent))]
[JsonSerializable(typeof(ExportedSpan))]
[JsonSerializable(typeof(SpanErrorInfo))]
[JsonSerializable(typeof(FeedbackEvent))]
[JsonSerializable(typeof(ExportedFeedback))]
[JsonSerializable(typeof(FeedbackValue))]
[JsonSerializable(typeof(SpanType))]
[JsonSerializable(typeof(TracingEventType))]
public sealed partial class TracingJsonContext : JsonSerializerContext;
