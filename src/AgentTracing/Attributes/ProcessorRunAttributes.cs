using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>processor_run</c> span: an input or output processor.</summary>
public sealed class ProcessorRunAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("processorExecutor", JsonFieldKind.String, null),
        ("processorIndex", JsonFieldKind.Int32, null),
        ("messageListMutations", JsonFieldKind.Any, null),
        ("processorPhase", JsonFieldKind.String, null),
        ("hookDurationMs", JsonFieldKind.Double, null),
        ("tripwireAbort", JsonFieldKind.Object, TripwireAbort.Keys));

    /// <summary>Creates an empty instance.</summary>
    public ProcessorRunAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ProcessorRunAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The executor.</summary>
    public string? ProcessorExecutor
    {
        get => GetString("processorExecutor");
        set => SetString("processorExecutor", value);
    }

    /// <summary>The processor's position.</summary>
    public int? ProcessorIndex
    {
        get => GetInt32("processorIndex");
        set => SetInt32("processorIndex", value);
    }

    /// <summary>The mutation records of the message list.</summary>
    public object? MessageListMutations
    {
        get => GetAny("messageListMutations");
        set => SetAny("messageListMutations", value);
    }

    /// <summary>(newer) The phase.</summary>
    public string? ProcessorPhase
    {
        get => GetString("processorPhase");
        set => SetString("processorPhase", value);
    }

    /// <summary>(newer) The hook duration in milliseconds.</summary>
    public double? HookDurationMs
    {
        get => GetDouble("hookDurationMs");
        set => SetDouble("hookDurationMs", value);
    }

    /// <summary>(newer) Why the processor aborted the run.</summary>
    public TripwireAbort? TripwireAbort
    {
        get => GetObject("tripwireAbort", static json => new TripwireAbort(json));
        set => SetObject("tripwireAbort", value);
    }
}
