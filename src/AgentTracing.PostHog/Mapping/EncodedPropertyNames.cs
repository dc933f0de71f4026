using System.Collections.Generic;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// The property names the exporter writes, encoded for the wire once, as the member's start: <c>"name":</c>. The
/// client copies them as they are (<see cref="EventProperties.EncodedKeyAt"/>). They are found by reference:
/// the exporter passes these very string literals (interned), so a lookup costs less than escaping and transcoding
/// the name again; any other name (a user's key) is simply not found and written as usual.
/// </summary>
internal static class EncodedPropertyNames
{
    private static readonly Dictionary<string, byte[]> Names = Create(
        [
            "$ai_trace_id", "$ai_span_id", "$ai_span_name", "$ai_parent_id", "$ai_session_id", "$ai_latency", "$ai_is_error",
            "$ai_error", "$ai_generation_id", "$ai_model", "$ai_provider", "$ai_input", "$ai_output_choices",
            "$ai_input_state", "$ai_output_state", "$ai_temperature", "$ai_max_tokens", "$ai_stream", "$ai_tools",
            "$ai_feedback_text", "chunk_type", "chunk_sequence_number", "error_message", "error_id", "error_category",
            "feedback_id", "feedback_type", "feedback_value", "provider_id", "$ai_model_parameters", "$ai_stop_reason",
            "$ai_time_to_first_token", "$ai_base_url",
            .. UsageProperties.TokenKeys,
        ]);

    /// <summary>The bytes <c>"name":</c> when <paramref name="name"/> is one of the exporter's own literals.</summary>
    public static bool TryGet(string name, out byte[] member) => Names.TryGetValue(name, out member!);

    private static Dictionary<string, byte[]> Create(string[] names)
    {
#if NET5_0_OR_GREATER
        var map = new Dictionary<string, byte[]>(names.Length, ReferenceEqualityComparer.Instance);
#else
        var map = new Dictionary<string, byte[]>(names.Length, System.StringComparer.Ordinal);
#endif
        foreach (var name in names)
        {
            var buffer = new ByteBufferWriter(name.Length + 8);
            JsonStringBytes.Write(buffer, name);
            buffer.Write((byte)':');
            map[name] = buffer.WrittenSpan.ToArray();
        }

        return map;
    }
}
