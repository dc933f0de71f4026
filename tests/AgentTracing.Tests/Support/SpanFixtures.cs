using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Support;

/// <summary>
/// For every known span type: attributes of that type with every typed key set, plus unknown keys at the
/// top, in nested objects (usage, details, parameters, tools, tripwire) and JSON nulls under unknown keys.
/// </summary>
internal static class SpanFixtures
{
    /// <summary>The 34 (C# name, JSON string) pairs of the known span types, in the model's order.</summary>
    public static readonly (string Name, string Json)[] KnownTypes =
    [
        ("AgentRun", "agent_run"),
        ("Generic", "generic"),
        ("ModelGeneration", "model_generation"),
        ("ModelStep", "model_step"),
        ("ModelChunk", "model_chunk"),
        ("McpToolCall", "mcp_tool_call"),
        ("ProcessorRun", "processor_run"),
        ("ToolCall", "tool_call"),
        ("WorkflowRun", "workflow_run"),
        ("WorkflowStep", "workflow_step"),
        ("WorkflowConditional", "workflow_conditional"),
        ("WorkflowConditionalEval", "workflow_conditional_eval"),
        ("WorkflowParallel", "workflow_parallel"),
        ("WorkflowLoop", "workflow_loop"),
        ("WorkflowSleep", "workflow_sleep"),
        ("WorkflowWaitEvent", "workflow_wait_event"),
        ("ScorerRun", "scorer_run"),
        ("ClassifierEvaluation", "classifier_evaluation"),
        ("ScorerStep", "scorer_step"),
        ("ModelInference", "model_inference"),
        ("McpServerRequest", "mcp_server_request"),
        ("ClientToolCall", "client_tool_call"),
        ("ProviderToolCall", "provider_tool_call"),
        ("MemoryOperation", "memory_operation"),
        ("WorkspaceAction", "workspace_action"),
        ("RagIngestion", "rag_ingestion"),
        ("RagEmbedding", "rag_embedding"),
        ("RagVectorOperation", "rag_vector_operation"),
        ("RagAction", "rag_action"),
        ("GraphAction", "graph_action"),
        ("Mapping", "mapping"),
        ("SkillResolution", "skill_resolution"),
        ("SkillAction", "skill_action"),
        ("AgentSignal", "agent_signal"),
    ];

    /// <summary>The attributes class of each type; every type not listed uses <see cref="SpanAttributes"/>.</summary>
    public static readonly Dictionary<string, Type> AttributeClasses = new()
    {
        ["agent_run"] = typeof(AgentRunAttributes),
        ["model_generation"] = typeof(ModelGenerationAttributes),
        ["model_step"] = typeof(ModelStepAttributes),
        ["model_inference"] = typeof(ModelInferenceAttributes),
        ["model_chunk"] = typeof(ModelChunkAttributes),
        ["tool_call"] = typeof(ToolCallAttributes),
        ["mcp_tool_call"] = typeof(McpToolCallAttributes),
        ["provider_tool_call"] = typeof(ProviderToolCallAttributes),
        ["client_tool_call"] = typeof(ClientToolCallAttributes),
        ["processor_run"] = typeof(ProcessorRunAttributes),
        ["workflow_run"] = typeof(WorkflowRunAttributes),
        ["workflow_step"] = typeof(WorkflowStepAttributes),
        ["workflow_conditional"] = typeof(WorkflowConditionalAttributes),
        ["workflow_conditional_eval"] = typeof(WorkflowConditionalEvalAttributes),
        ["workflow_parallel"] = typeof(WorkflowParallelAttributes),
        ["workflow_loop"] = typeof(WorkflowLoopAttributes),
        ["workflow_sleep"] = typeof(WorkflowSleepAttributes),
        ["workflow_wait_event"] = typeof(WorkflowWaitEventAttributes),
    };

    private const string Usage = """
        {"inputTokens": 1200, "outputTokens": 85, "inputDetails": {"text": 200, "cacheRead": 1000, "cacheWrite": 0, "audio": 0, "image": 0, "cacheWrite5m": 0, "cacheWrite1h": 0, "futureDetail": 7},
         "outputDetails": {"text": 60, "reasoning": 25, "audio": 0, "image": 0, "futureOutput": {"a": null}}, "futureTokens": 3, "raw": {"prompt_tokens": 1200}}
        """;

    private const string Parameters = """
        {"maxOutputTokens": 1024, "temperature": 0.7, "topP": 0.95, "topK": 40, "presencePenalty": 0.1, "frequencyPenalty": 0.25, "stopSequences": ["END"], "seed": 9007199254740993,
         "maxRetries": 2, "abortSignal": {}, "headers": {"x-trace": "1"}, "customParam": "x"}
        """;

    private const string Tools = """
        [{"type": "function", "name": "weather", "description": "Get weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true, "inputExamples": [{"city": "Paris"}]},
         {"type": "provider-defined", "id": "anthropic.web_search_20250305", "name": "web_search", "args": {"maxUses": 5, "allowedDomains": null}}]
        """;

    private const string Tripwire = """{"reason": "PII detected", "processorId": "pii", "retry": false, "metadata": {"score": 0.97}, "futureTripwire": [1, null]}""";

    private const string Unknown = """
        "futureKey": {"nested": [1, null, "x", {"deep": true}]}, "futureNull": null, "futureNumber": 1.50
        """;

    private const string Entry = """
        "entryId": "entry-1", "entryDescription": "check the weather", "entryMetadata": {"k": [1, 2]}
        """;

    /// <summary>The JSON of the <c>attributes</c> of a span of <paramref name="type"/>.</summary>
    public static string AttributesJson(string type) => type switch
    {
        "agent_run" => $$"""{"conversationId": "thread-1", "instructions": "You are helpful", "prompt": "Be brief", "availableTools": ["weather", "search"], "maxSteps": 5, "resolvedVersionId": "v3", "tripwireAbort": {{Tripwire}}, "internalUsage": {{Usage}}, {{Unknown}}}""",
        "model_generation" => $$"""
            {"model": "gpt-4o-mini", "provider": "openai.chat", "resultType": "response_generation", "usage": {{Usage}}, "parameters": {{Parameters}}, "streaming": true, "finishReason": "stop",
             "completionStartTime": "2026-01-01T00:00:00.420Z", "responseModel": "gpt-4o-mini-2024-07-18", "responseId": "resp-1", "serverAddress": "api.openai.com", "serverPort": 443,
             "tools": {{Tools}}, "costContext": {"currency": "USD", "rates": [0.15, 0.6]}, {{Unknown}}}
            """,
        "model_step" => $$"""
            {"stepIndex": 1, "usage": {{Usage}}, "finishReason": "tool-calls", "isContinued": true, "warnings": [{"type": "unsupported-setting", "setting": "seed"}], "messageId": "msg-1",
             "model": "claude-sonnet-4", "provider": "anthropic", "parameters": {{Parameters}}, "streaming": false, "tools": {{Tools}}, "responseModel": "claude-sonnet-4-20250514", "responseId": "msg_01",
             "completionStartTime": "2026-01-01T00:00:00.420Z", "serverAddress": "api.anthropic.com", "serverPort": 443, {{Unknown}}}
            """,
        "model_inference" => $$"""
            {"model": "gpt-4o", "provider": "openai.responses", "stepIndex": 0, "usage": {{Usage}}, "finishReason": "stop", "streaming": true, "completionStartTime": "2026-01-01T00:00:00.420Z",
             "warnings": [], "responseModel": "gpt-4o-2024-08-06", "responseId": "resp-2", "parameters": {{Parameters}}, "providerOptions": {"openai": {"store": false} },
             "availableTools": ["weather"], "toolChoice": {"type": "tool", "toolName": "weather"}, "responseFormat": {"type": "json"}, {{Unknown}}}
            """,
        "model_chunk" => $$"""{"chunkType": "tool-call", "sequenceNumber": 3, {{Unknown}}}""",
        "tool_call" => $$"""{"toolType": "tool", "toolDescription": "Get weather", "success": true, "toolCallId": "call_1", {{Unknown}}}""",
        "mcp_tool_call" => $$"""{"mcpServer": "filesystem", "serverVersion": "1.2.0", "success": false, "toolType": "mcp", "toolDescription": "Read a file", "toolCallId": "call_2", {{Unknown}}}""",
        "provider_tool_call" => $$"""{"toolType": "provider", "toolDescription": "Web search", "toolCallId": "srvtoolu_1", "success": true, {{Unknown}}}""",
        "client_tool_call" => $$"""{"toolType": "client", "toolDescription": "Ask the user", "clientEnvironment": {"browser": "firefox", "version": 140}, {{Unknown}}}""",
        "processor_run" => $$"""
            {"processorExecutor": "input", "processorIndex": 2, "messageListMutations": [{"type": "add", "message": {"role": "system"} }], "processorPhase": "processInput", "hookDurationMs": 12.5,
             "tripwireAbort": {{Tripwire}}, {{Unknown}}}
            """,
        "workflow_run" => $$"""{"status": "success", {{Unknown}}}""",
        "workflow_step" => $$"""{"status": "failed", {{Unknown}}}""",
        "workflow_conditional" => $$"""{"conditionCount": 3, "truthyIndexes": [0, 2], "selectedSteps": ["a", "c"], {{Entry}}, {{Unknown}}}""",
        "workflow_conditional_eval" => $$"""{"conditionIndex": 1, "result": false, {{Entry}}, {{Unknown}}}""",
        "workflow_parallel" => $$"""{"branchCount": 2, "parallelSteps": ["left", "right"], {{Entry}}, {{Unknown}}}""",
        "workflow_loop" => $$"""{"loopType": "dowhile", "iteration": 4, "totalIterations": 10, "concurrency": 2, {{Entry}}, {{Unknown}}}""",
        "workflow_sleep" => $$"""{"durationMs": 1500.5, "untilDate": "2026-01-02T03:04:05.678Z", "sleepType": "until", {{Entry}}, {{Unknown}}}""",
        "workflow_wait_event" => $$"""{"eventName": "approval", "timeoutMs": 60000, "waitDurationMs": 1234.5, "eventReceived": true, {{Entry}}, {{Unknown}}}""",
        "memory_operation" => $$"""{"operationType": "recall", "resourceId": "user-1", "threadId": "thread-1", "messageCount": 12, "internalUsage": {{Usage}}, {{Unknown}}}""",
        "rag_embedding" => $$"""{"model": "text-embedding-3-small", "dimensions": 1536, "inputCount": 4, "usage": {{Usage}}, {{Unknown}}}""",
        "scorer_run" => $$"""{"scorerId": "relevance", "score": 0.85, "reason": null, "maxSteps": "five", {{Unknown}}}""",
        _ => $$"""{"kind": "{{type}}", "items": [{"id": 1, "tags": ["a", null]}], "durationMs": 3, {{Unknown}}}""",
    };

    /// <summary>A full tracing event for a span of <paramref name="type"/>, with every span-level key and unknown keys at each level.</summary>
    public static JsonNode Event(string type, string eventType = "span_ended") => JsonNode.Parse($$"""
        {
          "type": "{{eventType}}",
          "exportedSpan": {
            "id": "a1b2c3d4e5f60718",
            "traceId": "0c831f7486dad4be14a37cc20acbc9bb",
            "parentSpanId": "e9be30e345c5c880",
            "name": "span of {{type}}",
            "type": "{{type}}",
            "entityType": "agent",
            "entityId": "weather-agent",
            "entityName": "Weather agent",
            "startTime": "2026-01-01T00:00:00.100Z",
            "endTime": "2026-01-01T00:00:00.250Z",
            "attributes": {{AttributesJson(type)}},
            "metadata": {"userId": "user-1", "sessionId": "sess-1", "$groups": {"org": "acme"}, "nullable": null, "count": 3},
            "tags": ["prod", "eu"],
            "input": {"messages": [{"role": "user", "content": "Wetter in München?"}], "object": null},
            "output": {"text": "Es sind 21°C.", "object": null, "toolCalls": []},
            "errorInfo": {"message": "boom", "id": "TOOL_ERROR", "domain": "TOOL", "category": "USER", "details": {"retryable": false, "why": null}, "name": "Error", "stack": "at x", "cause": {"message": "inner"} },
            "isEvent": false,
            "isRootSpan": false,
            "requestContext": {"tenant": "acme"},
            "externalParentSpanId": "ffff000011112222",
            "isInternal": true,
            "futureSpanKey": {"a": [null]}
          },
          "futureEventKey": 42
        }
        """)!;
}
