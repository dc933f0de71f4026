using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// The attributes of a span. Each known span type has a derived class with typed properties (see
/// <see cref="Create(SpanType, JsonObject?)"/>); every other type uses this class, whose keys all live in
/// <see cref="JsonBackedObject.AdditionalProperties"/>.
/// </summary>
public class SpanAttributes : JsonBackedObject
{
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
        SpanAttributes attributes = type.Value switch
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
        attributes.Schema.Normalize(json);
        return attributes;
    }
}
