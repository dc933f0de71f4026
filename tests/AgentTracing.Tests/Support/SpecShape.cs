using System.Collections.Generic;

namespace AgentTracing.Tests.Support;

/// <summary>
/// The typed keys of one model object, transcribed from the model's documentation independently of the
/// library's own schemas, so that the round-trip oracle does not trust the code under test.
/// </summary>
internal sealed class SpecShape
{
    private SpecShape(string[] keys, string[]? times = null, Dictionary<string, SpecShape>? nested = null)
    {
        Keys = new HashSet<string>(keys);
        Times = new HashSet<string>(times ?? []);
        Nested = nested ?? [];
    }

    /// <summary>The keys that are C# properties of the class.</summary>
    public HashSet<string> Keys { get; }

    /// <summary>The keys that are model times.</summary>
    public HashSet<string> Times { get; }

    /// <summary>Keys holding a nested model object, or an array of them.</summary>
    public Dictionary<string, SpecShape> Nested { get; }

    public static readonly SpecShape InputTokenDetails = new(["text", "cacheRead", "cacheWrite", "audio", "image", "cacheWrite5m", "cacheWrite1h"]);

    public static readonly SpecShape OutputTokenDetails = new(["text", "reasoning", "audio", "image"]);

    public static readonly SpecShape UsageStats = new(
        ["inputTokens", "outputTokens", "inputDetails", "outputDetails"],
        nested: new() { ["inputDetails"] = InputTokenDetails, ["outputDetails"] = OutputTokenDetails });

    public static readonly SpecShape ModelParameters = new(
        ["maxOutputTokens", "temperature", "topP", "topK", "presencePenalty", "frequencyPenalty", "stopSequences", "seed", "maxRetries", "abortSignal", "headers"]);

    public static readonly SpecShape ModelToolDefinition = new(["type", "name", "description", "parameters", "id"]);

    public static readonly SpecShape TripwireAbort = new(["reason", "processorId", "retry", "metadata"]);

    public static readonly SpecShape SpanErrorInfo = new(["message", "id", "domain", "category", "details", "name", "stack"]);

    public static readonly SpecShape ExportedFeedback = new(
        ["feedbackId", "timestamp", "traceId", "spanId", "source", "feedbackSource", "feedbackType", "value", "userId", "feedbackUserId", "comment", "sourceId", "experimentId", "correlationContext", "metadata"],
        times: ["timestamp"]);

    public static readonly SpecShape FeedbackEvent = new(["type", "feedback"], nested: new() { ["feedback"] = ExportedFeedback });

    /// <summary>The attributes shape of every span type with its own attributes class; any other type has only <c>internalUsage</c>.</summary>
    public static SpecShape Attributes(string? spanType)
    {
        string[] entry = ["entryId", "entryDescription", "entryMetadata"];
        return spanType switch
        {
            "agent_run" => AttributesOf(["conversationId", "instructions", "prompt", "availableTools", "maxSteps", "resolvedVersionId", "tripwireAbort"]),
            "model_generation" => AttributesOf(
                ["model", "provider", "resultType", "usage", "parameters", "streaming", "finishReason", "completionStartTime", "responseModel", "responseId", "serverAddress", "serverPort", "tools", "costContext"],
                ["completionStartTime"]),
            "model_step" => AttributesOf(
                ["stepIndex", "usage", "finishReason", "isContinued", "warnings", "messageId", "model", "provider", "parameters", "streaming", "tools", "responseModel", "responseId", "completionStartTime", "serverAddress", "serverPort"],
                ["completionStartTime"]),
            "model_inference" => AttributesOf(
                ["model", "provider", "stepIndex", "usage", "finishReason", "streaming", "completionStartTime", "warnings", "responseModel", "responseId", "parameters", "providerOptions", "availableTools", "toolChoice", "responseFormat"],
                ["completionStartTime"]),
            "model_chunk" => AttributesOf(["chunkType", "sequenceNumber"]),
            "tool_call" => AttributesOf(["toolType", "toolDescription", "success", "toolCallId"]),
            "mcp_tool_call" => AttributesOf(["mcpServer", "serverVersion", "success", "toolType", "toolDescription", "toolCallId"]),
            "provider_tool_call" => AttributesOf(["toolType", "toolDescription", "toolCallId", "success"]),
            "client_tool_call" => AttributesOf(["toolType", "toolDescription", "clientEnvironment"]),
            "processor_run" => AttributesOf(["processorExecutor", "processorIndex", "messageListMutations", "processorPhase", "hookDurationMs", "tripwireAbort"]),
            "workflow_run" or "workflow_step" => AttributesOf(["status"]),
            "workflow_conditional" => AttributesOf(["conditionCount", "truthyIndexes", "selectedSteps", .. entry]),
            "workflow_conditional_eval" => AttributesOf(["conditionIndex", "result", .. entry]),
            "workflow_parallel" => AttributesOf(["branchCount", "parallelSteps", .. entry]),
            "workflow_loop" => AttributesOf(["loopType", "iteration", "totalIterations", "concurrency", .. entry]),
            "workflow_sleep" => AttributesOf(["durationMs", "untilDate", "sleepType", .. entry], ["untilDate"]),
            "workflow_wait_event" => AttributesOf(["eventName", "timeoutMs", "waitDurationMs", "eventReceived", .. entry]),
            _ => AttributesOf([]),
        };
    }

    /// <summary>The shape of an exported span; the attributes shape depends on its <c>type</c>.</summary>
    public static SpecShape ExportedSpan(string? spanType) => new(
        ["id", "traceId", "parentSpanId", "name", "type", "entityType", "entityId", "entityName", "startTime", "endTime", "attributes", "metadata", "tags", "input", "output", "errorInfo", "isEvent", "isRootSpan", "requestContext", "externalParentSpanId", "isInternal"],
        times: ["startTime", "endTime"],
        nested: new() { ["attributes"] = Attributes(spanType), ["errorInfo"] = SpanErrorInfo });

    /// <summary>The shape of a tracing event.</summary>
    public static SpecShape TracingEvent(string? spanType) => new(["type", "exportedSpan"], nested: new() { ["exportedSpan"] = ExportedSpan(spanType) });

    private static SpecShape AttributesOf(string[] keys, string[]? times = null)
    {
        var nested = new Dictionary<string, SpecShape> { ["internalUsage"] = UsageStats };
        foreach (var key in keys)
        {
            switch (key)
            {
                case "usage":
                    nested[key] = UsageStats;
                    break;
                case "parameters":
                    nested[key] = ModelParameters;
                    break;
                case "tools":
                    nested[key] = ModelToolDefinition;
                    break;
                case "tripwireAbort":
                    nested[key] = TripwireAbort;
                    break;
            }
        }

        return new SpecShape(["internalUsage", .. keys], times, nested);
    }
}
