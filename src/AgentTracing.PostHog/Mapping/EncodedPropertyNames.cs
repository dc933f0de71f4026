using System.Collections.Generic;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// The property names the exporter writes, each with a slot number and its member start <c>"name":</c> encoded for the
/// wire once. <see cref="EventProperties"/> keeps per-slot state in arrays, so protecting and finding the exporter's
/// own keys costs no scan and no string comparison, and the client copies the encoded names as they are
/// (<see cref="EventProperties.MemberAt"/>). Any other name (a user's key) has no slot and is handled as usual.
/// </summary>
internal static class EncodedPropertyNames
{
    private static readonly string[] Names =
    [
        "$ai_trace_id", "$ai_span_id", "$ai_span_name", "$ai_parent_id", "$ai_session_id", "$ai_latency", "$ai_is_error",
        "$ai_error", "$ai_generation_id", "$ai_model", "$ai_provider", "$ai_input", "$ai_output_choices",
        "$ai_input_state", "$ai_output_state", "$ai_temperature", "$ai_max_tokens", "$ai_stream", "$ai_tools",
        "$ai_feedback_text", "chunk_type", "chunk_sequence_number", "error_message", "error_id", "error_category",
        "feedback_id", "feedback_type", "feedback_value", "provider_id", "$ai_model_parameters", "$ai_stop_reason",
        "$ai_time_to_first_token", "$ai_base_url",
        .. UsageProperties.TokenKeys,
    ];

    private static readonly byte[][] Members = Encode(Names);

    // The exporter passes these very literals (interned): found by reference first, which skips hashing the text.
#if NET5_0_OR_GREATER
    private static readonly Dictionary<string, int> ByReference = Index(ReferenceEqualityComparer.Instance);
#else
    private static readonly Dictionary<string, int> ByReference = Index(System.StringComparer.Ordinal);
#endif

    // A user's key with the same text as an exporter key (metadata "$ai_model") is the same property.
    private static readonly Dictionary<string, int> ByValue = Index(System.StringComparer.Ordinal);

    // Most user keys are none of these names: the filter rules them out before their text is hashed.
    private static readonly ulong Filter = FilterOf(Names);

    /// <summary>How many names have a slot.</summary>
    public static int Count => Names.Length;

    /// <summary>The slot of <paramref name="name"/>, or -1 when it is not one of the exporter's names.</summary>
    public static int SlotOf(string name) =>
        ByReference.TryGetValue(name, out var slot) || (KeyFilter.MayContain(Filter, name) && ByValue.TryGetValue(name, out slot)) ? slot : -1;

    /// <summary>The bytes <c>"name":</c> of slot <paramref name="slot"/>.</summary>
    public static byte[] MemberAt(int slot) => Members[slot];

    private static ulong FilterOf(string[] names)
    {
        var filter = 0UL;
        foreach (var name in names)
        {
            filter |= KeyFilter.Bit(name);
        }

        return filter;
    }

    private static Dictionary<string, int> Index(IEqualityComparer<string> comparer)
    {
        var map = new Dictionary<string, int>(Names.Length, comparer);
        for (var i = 0; i < Names.Length; i++)
        {
            map[Names[i]] = i;
        }

        return map;
    }

    private static byte[][] Encode(string[] names)
    {
        var members = new byte[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            var buffer = new ByteBufferWriter(names[i].Length + 8);
            JsonStringBytes.Write(buffer, names[i]);
            buffer.Write((byte)':');
            members[i] = buffer.WrittenSpan.ToArray();
        }

        return members;
    }
}
