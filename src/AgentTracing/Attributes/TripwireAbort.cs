using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>(newer) Why a processor aborted a run.</summary>
public sealed class TripwireAbort : JsonBackedObject
{
    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(
        ("reason", JsonFieldKind.String, null),
        ("processorId", JsonFieldKind.String, null),
        ("retry", JsonFieldKind.Boolean, null),
        ("metadata", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public TripwireAbort()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public TripwireAbort(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The reason.</summary>
    public string? Reason
    {
        get => GetString("reason");
        set => SetString("reason", value);
    }

    /// <summary>The processor.</summary>
    public string? ProcessorId
    {
        get => GetString("processorId");
        set => SetString("processorId", value);
    }

    /// <summary>Whether a retry was requested.</summary>
    public bool? Retry
    {
        get => GetBoolean("retry");
        set => SetBoolean("retry", value);
    }

    /// <summary>Extra data.</summary>
    public object? Metadata
    {
        get => GetAny("metadata");
        set => SetAny("metadata", value);
    }
}
