using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// The attributes of a span. Each known span type has a derived class with typed properties (see
/// <see cref="Create(SpanType, JsonObject?)"/>); every other type uses this class, whose keys all live in
/// <see cref="JsonBackedObject.AdditionalProperties"/>.
/// </summary>
public class SpanAttributes : JsonBackedObject
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> s_keysByType = new(System.StringComparer.Ordinal);

    internal static readonly JsonSchema Keys = JsonSchema.Empty.With(("internalUsage", JsonFieldKind.Object, UsageStats.Keys));

    /// <summary>Creates empty attributes.</summary>
    public SpanAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public SpanAttributes(JsonObject? json)
        : base(json)
    {
    }

    /// <summary>(newer) Internal usage; any span type may carry it. The exporter never reads it.</summary>
    public UsageStats? InternalUsage
    {
        get => GetObject("internalUsage", static json => new UsageStats(json));
        set => SetObject("internalUsage", value);
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>Wraps <paramref name="json"/> in the attributes class of <paramref name="type"/>, in canonical form.</summary>
    /// <param name="type">The span type that chooses the class.</param>
    /// <param name="json">The JSON form; typed keys holding <c>null</c> are removed and model times rewritten.</param>
    /// <returns>The typed attributes.</returns>
    public static SpanAttributes Create(SpanType type, JsonObject? json)
    {
        json ??= [];
        var attributes = Wrap(type.Value, json);
        attributes.Schema.Normalize(json);
        return attributes;
    }

    /// <summary>The typed keys of the attributes class of the span type named <paramref name="typeName"/>.</summary>
    internal static JsonSchema KeysOf(string? typeName)
    {
        if (typeName is null)
        {
            return Keys;
        }

        if (s_keysByType.TryGetValue(typeName, out var keys))
        {
            return keys;
        }

        var attributes = Wrap(typeName, []);
        if (attributes.GetType() != typeof(SpanAttributes))
        {
            // One entry per typed class: names of other types, which producers choose freely, are not kept.
            s_keysByType.TryAdd(typeName, attributes.Schema);
        }

        return attributes.Schema;
    }

    private static SpanAttributes Wrap(string? typeName, JsonObject json) => typeName switch
    {
        "agent_run" => new AgentRunAttributes(json),
        "model_generation" => new ModelGenerationAttributes(json),
        "model_step" => new ModelStepAttributes(json),
        "model_inference" => new ModelInferenceAttributes(json),
        "model_chunk" => new ModelChunkAttributes(json),
        "tool_call" => new ToolCallAttributes(json),
        "mcp_tool_call" => new McpToolCallAttributes(json),
        "provider_tool_call" => new ProviderToolCallAttributes(json),
        "client_tool_call" => new ClientToolCallAttributes(json),
        "processor_run" => new ProcessorRunAttributes(json),
        "workflow_run" => new WorkflowRunAttributes(json),
        "workflow_step" => new WorkflowStepAttributes(json),
        "workflow_conditional" => new WorkflowConditionalAttributes(json),
        "workflow_conditional_eval" => new WorkflowConditionalEvalAttributes(json),
        "workflow_parallel" => new WorkflowParallelAttributes(json),
        "workflow_loop" => new WorkflowLoopAttributes(json),
        "workflow_sleep" => new WorkflowSleepAttributes(json),
        "workflow_wait_event" => new WorkflowWaitEventAttributes(json),
        _ => new SpanAttributes(json),
    };
}
