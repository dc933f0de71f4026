using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>The OpenTelemetry GenAI tag names the bridge reads, and the set of those it maps.</summary>
internal static class GenAITags
{
    public const string OperationName = "gen_ai.operation.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ProviderName = "gen_ai.provider.name";
    public const string System = "gen_ai.system";
    public const string Temperature = "gen_ai.request.temperature";
    public const string MaxTokens = "gen_ai.request.max_tokens";
    public const string MaxTokensOld = "gen_ai.request.max_token";
    public const string TopP = "gen_ai.request.top_p";
    public const string TopK = "gen_ai.request.top_k";
    public const string FrequencyPenalty = "gen_ai.request.frequency_penalty";
    public const string PresencePenalty = "gen_ai.request.presence_penalty";
    public const string Seed = "gen_ai.request.seed";
    public const string StopSequences = "gen_ai.request.stop_sequences";
    public const string Stream = "gen_ai.request.stream";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string FinishReasonSk = "gen_ai.response.finish_reason";
    public const string ResponseId = "gen_ai.response.id";
    public const string TimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string PromptTokensOld = "gen_ai.response.prompt_tokens";
    public const string CompletionTokensOld = "gen_ai.response.completion_tokens";
    public const string CacheReadTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string CacheCreationTokens = "gen_ai.usage.cache_creation.input_tokens";
    public const string ReasoningTokens = "gen_ai.usage.reasoning.output_tokens";
    public const string InputTextTokens = "gen_ai.usage.input_text_tokens";
    public const string InputAudioTokens = "gen_ai.usage.input_audio_tokens";
    public const string OutputTextTokens = "gen_ai.usage.output_text_tokens";
    public const string OutputAudioTokens = "gen_ai.usage.output_audio_tokens";
    public const string ToolDefinitions = "gen_ai.tool.definitions";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string OutputType = "gen_ai.output.type";
    public const string EmbeddingDimensions = "gen_ai.embeddings.dimension.count";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string AgentId = "gen_ai.agent.id";
    public const string AgentName = "gen_ai.agent.name";
    public const string AgentDescription = "gen_ai.agent.description";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolType = "gen_ai.tool.type";
    public const string ToolDescription = "gen_ai.tool.description";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string ErrorType = "error.type";
    public const string ErrorMessage = "error.message";
    public const string UserId = "user.id";
    public const string EndUserId = "enduser.id";
    public const string SessionId = "session.id";
    public const string WorkflowId = "workflow.id";
    public const string WorkflowName = "workflow.name";
    public const string ExecutorId = "executor.id";
    public const string ExecutorInput = "executor.input";
    public const string ExecutorOutput = "executor.output";
    public const string EventContent = "gen_ai.event.content";
    public const string PromptOld = "gen_ai.prompt";
    public const string CompletionOld = "gen_ai.completion";
    public const string ExceptionEvent = "exception";
    public const string ExceptionMessage = "exception.message";
    public const string ExceptionStackTrace = "exception.stacktrace";

    /// <summary>Every tag the bridge maps: with <c>IncludeUnmappedTags</c>, only the others are copied to attributes.</summary>
    public static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        OperationName, RequestModel, ResponseModel, ProviderName, System, Temperature, MaxTokens, MaxTokensOld, TopP, TopK,
        FrequencyPenalty, PresencePenalty, Seed, StopSequences, Stream, FinishReasons, FinishReasonSk, ResponseId,
        TimeToFirstChunk, ServerAddress, ServerPort, InputTokens, OutputTokens, PromptTokensOld, CompletionTokensOld,
        CacheReadTokens, CacheCreationTokens, ReasoningTokens, InputTextTokens, InputAudioTokens, OutputTextTokens,
        OutputAudioTokens, ToolDefinitions, ConversationId, OutputType, EmbeddingDimensions, InputMessages, OutputMessages,
        SystemInstructions, AgentId, AgentName, AgentDescription, ToolName, ToolCallId, ToolType, ToolDescription,
        ToolCallArguments, ToolCallResult, ErrorType, ErrorMessage, UserId, EndUserId, SessionId, WorkflowId, WorkflowName,
        ExecutorId, ExecutorInput, ExecutorOutput,
    };
}
