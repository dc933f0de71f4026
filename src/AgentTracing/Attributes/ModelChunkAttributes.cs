using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>model_chunk</c> span: one streamed chunk.</summary>
public sealed class ModelChunkAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        (AttributeKeys.ChunkType, JsonFieldKind.String, null),
        (AttributeKeys.SequenceNumber, JsonFieldKind.Int32, null));

    /// <summary>Creates an empty instance.</summary>
    public ModelChunkAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ModelChunkAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The chunk type, for example <c>"text"</c>, <c>"tool-call"</c> or <c>"tool-result"</c>.</summary>
    public string? ChunkType
    {
        get => GetString(AttributeKeys.ChunkType);
        set => SetString(AttributeKeys.ChunkType, value);
    }

    /// <summary>The 0-based position in the stream.</summary>
    public int? SequenceNumber
    {
        get => GetInt32(AttributeKeys.SequenceNumber);
        set => SetInt32(AttributeKeys.SequenceNumber, value);
    }
}
