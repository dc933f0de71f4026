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
        var attributes = Wrap(type.Value, json);
        attributes.Schema.Normalize(json);
        return attributes;
    }

    /// <summary>The typed keys of the attributes class of the span type named <paramref name="typeName"/>.</summary>
    internal static JsonSchema KeysOf(string? typeName) => Typed(typeName).Keys;

    private static SpanAttributes Wrap(string? typeName, JsonObject json) => Typed(typeName).Wrap(json);

    /// <summary>The attributes class of a span type, as its typed keys and its constructor: one list for both.</summary>
    private static (JsonSchema Keys, System.Func<JsonObject, SpanAttributes> Wrap) Typed(string? typeName) => typeName switch
    {
        "agent_run" => (AgentRunAttributes.Keys, static json => new AgentRunAttributes(json)),
        "model_generation" => (ModelGenerationAttributes.Keys, static json => new ModelGenerationAttributes(json)),
        "model_step" => (ModelStepAttributes.Keys, static json => new ModelStepAttributes(json)),
        "model_inference" => (ModelInferenceAttributes.Keys, static json => new ModelInferenceAttributes(json)),
        "model_chunk" => (ModelChunkAttributes.Keys, static json => new ModelChunkAttributes(json)),
        "tool_call" => (ToolCallAttributes.Keys, static json => new ToolCallAttributes(json)),
        "mcp_tool_call" => (McpToolCallAttributes.Keys, static json => new McpToolCallAttributes(json)),
        "provider_tool_call" => (ProviderToolCallAttributes.Keys, static json => new ProviderToolCallAttributes(json)),
        "client_tool_call" => (ClientToolCallAttributes.Keys, static json => new ClientToolCallAttributes(json)),
        "processor_run" => (ProcessorRunAttributes.Keys, static json => new ProcessorRunAttributes(json)),
        "workflow_run" => (WorkflowRunAttributes.Keys, static json => new WorkflowRunAttributes(json)),
        "workflow_step" => (WorkflowStepAttributes.Keys, static json => new WorkflowStepAttributes(json)),
        "workflow_conditional" => (WorkflowConditionalAttributes.Keys, static json => new WorkflowConditionalAttributes(json)),
        "workflow_conditional_eval" => (WorkflowConditionalEvalAttributes.Keys, static json => new WorkflowConditionalEvalAttributes(json)),
        "workflow_parallel" => (WorkflowParallelAttributes.Keys, static json => new WorkflowParallelAttributes(json)),
        "workflow_loop" => (WorkflowLoopAttributes.Keys, static json => new WorkflowLoopAttributes(json)),
        "workflow_sleep" => (WorkflowSleepAttributes.Keys, static json => new WorkflowSleepAttributes(json)),
        "workflow_wait_event" => (WorkflowWaitEventAttributes.Keys, static json => new WorkflowWaitEventAttributes(json)),
        _ => (Keys, static json => new SpanAttributes(json)),
    };
}
