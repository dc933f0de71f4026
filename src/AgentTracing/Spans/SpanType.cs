using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>
/// What a span represents. Not an enum: values that newer producers add survive a JSON round trip and are exported
/// like any other non-model span. Equality is ordinal on <see cref="Value"/>; <c>default</c> is treated as <c>"generic"</c>.
/// </summary>
[JsonConverter(typeof(SpanTypeConverter))]
public readonly struct SpanType : IEquatable<SpanType>
{
    /// <summary>Creates a span type from its JSON string.</summary>
    /// <param name="value">The JSON string, for example <c>"agent_run"</c>.</param>
    public SpanType(string value) => Value = value;

    /// <summary>The JSON string; <see langword="null"/> for <c>default</c>.</summary>
    public string Value { get; }

    /// <summary>The 34 values this library knows, in the order of the specification.</summary>
    public static IReadOnlyList<SpanType> KnownValues { get; } =
    [
        AgentRun, Generic, ModelGeneration, ModelStep, ModelChunk, McpToolCall, ProcessorRun, ToolCall, WorkflowRun, WorkflowStep, WorkflowConditional, WorkflowConditionalEval, WorkflowParallel, WorkflowLoop, WorkflowSleep, WorkflowWaitEvent, ScorerRun, ClassifierEvaluation, ScorerStep, ModelInference, McpServerRequest, ClientToolCall, ProviderToolCall, MemoryOperation, WorkspaceAction, RagIngestion, RagEmbedding, RagVectorOperation, RagAction, GraphAction, Mapping, SkillResolution, SkillAction, AgentSignal,
    ];

    /// <summary><c>"agent_run"</c>: one agent invocation.</summary>
    public static SpanType AgentRun => new("agent_run");

    /// <summary><c>"generic"</c>: anything else.</summary>
    public static SpanType Generic => new("generic");

    /// <summary><c>"model_generation"</c>: one model call from the caller's view (may contain several steps).</summary>
    public static SpanType ModelGeneration => new("model_generation");

    /// <summary><c>"model_step"</c>: one round trip to the provider inside a generation.</summary>
    public static SpanType ModelStep => new("model_step");

    /// <summary><c>"model_chunk"</c>: one streamed chunk (text, tool-call, tool-result, …).</summary>
    public static SpanType ModelChunk => new("model_chunk");

    /// <summary><c>"mcp_tool_call"</c>: a tool call served by an MCP server.</summary>
    public static SpanType McpToolCall => new("mcp_tool_call");

    /// <summary><c>"processor_run"</c>: an input or output processor.</summary>
    public static SpanType ProcessorRun => new("processor_run");

    /// <summary><c>"tool_call"</c>: a local tool call.</summary>
    public static SpanType ToolCall => new("tool_call");

    /// <summary><c>"workflow_run"</c>: a workflow run.</summary>
    public static SpanType WorkflowRun => new("workflow_run");

    /// <summary><c>"workflow_step"</c>: a workflow step.</summary>
    public static SpanType WorkflowStep => new("workflow_step");

    /// <summary><c>"workflow_conditional"</c>: a workflow conditional.</summary>
    public static SpanType WorkflowConditional => new("workflow_conditional");

    /// <summary><c>"workflow_conditional_eval"</c>: the evaluation of one workflow condition.</summary>
    public static SpanType WorkflowConditionalEval => new("workflow_conditional_eval");

    /// <summary><c>"workflow_parallel"</c>: parallel workflow branches.</summary>
    public static SpanType WorkflowParallel => new("workflow_parallel");

    /// <summary><c>"workflow_loop"</c>: a workflow loop.</summary>
    public static SpanType WorkflowLoop => new("workflow_loop");

    /// <summary><c>"workflow_sleep"</c>: a workflow sleep.</summary>
    public static SpanType WorkflowSleep => new("workflow_sleep");

    /// <summary><c>"workflow_wait_event"</c>: a workflow waiting for an event.</summary>
    public static SpanType WorkflowWaitEvent => new("workflow_wait_event");

    /// <summary><c>"scorer_run"</c>: a scorer run.</summary>
    public static SpanType ScorerRun => new("scorer_run");

    /// <summary><c>"classifier_evaluation"</c>: a classifier evaluation.</summary>
    public static SpanType ClassifierEvaluation => new("classifier_evaluation");

    /// <summary><c>"scorer_step"</c>: a scorer step.</summary>
    public static SpanType ScorerStep => new("scorer_step");

    /// <summary><c>"model_inference"</c>: a provider call nested under a step (newer producers).</summary>
    public static SpanType ModelInference => new("model_inference");

    /// <summary><c>"mcp_server_request"</c>: a request to an MCP server.</summary>
    public static SpanType McpServerRequest => new("mcp_server_request");

    /// <summary><c>"client_tool_call"</c>: a tool executed by the client.</summary>
    public static SpanType ClientToolCall => new("client_tool_call");

    /// <summary><c>"provider_tool_call"</c>: a tool executed by the model provider.</summary>
    public static SpanType ProviderToolCall => new("provider_tool_call");

    /// <summary><c>"memory_operation"</c>: a memory operation.</summary>
    public static SpanType MemoryOperation => new("memory_operation");

    /// <summary><c>"workspace_action"</c>: a workspace action.</summary>
    public static SpanType WorkspaceAction => new("workspace_action");

    /// <summary><c>"rag_ingestion"</c>: a RAG ingestion.</summary>
    public static SpanType RagIngestion => new("rag_ingestion");

    /// <summary><c>"rag_embedding"</c>: a RAG embedding.</summary>
    public static SpanType RagEmbedding => new("rag_embedding");

    /// <summary><c>"rag_vector_operation"</c>: a RAG vector operation.</summary>
    public static SpanType RagVectorOperation => new("rag_vector_operation");

    /// <summary><c>"rag_action"</c>: a RAG action.</summary>
    public static SpanType RagAction => new("rag_action");

    /// <summary><c>"graph_action"</c>: a graph action.</summary>
    public static SpanType GraphAction => new("graph_action");

    /// <summary><c>"mapping"</c>: a mapping step.</summary>
    public static SpanType Mapping => new("mapping");

    /// <summary><c>"skill_resolution"</c>: a skill resolution (deprecated upstream; still accepted).</summary>
    public static SpanType SkillResolution => new("skill_resolution");

    /// <summary><c>"skill_action"</c>: a skill action.</summary>
    public static SpanType SkillAction => new("skill_action");

    /// <summary><c>"agent_signal"</c>: an agent signal.</summary>
    public static SpanType AgentSignal => new("agent_signal");

    /// <summary>Compares two span types ordinally.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the values are equal.</returns>
    public static bool operator ==(SpanType left, SpanType right) => left.Equals(right);

    /// <summary>Compares two span types ordinally.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the values differ.</returns>
    public static bool operator !=(SpanType left, SpanType right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(SpanType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SpanType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value ?? "";
}
