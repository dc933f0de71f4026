namespace AgentTracing;

/// <summary>
/// The attribute keys that the typed model declares, the GenAI bridge writes and the exporter's mapper reads: one
/// vocabulary, so that a key renamed in one place is renamed in all three.
/// </summary>
internal static class AttributeKeys
{
    // Model calls (model_generation, model_step, model_inference).
    public const string Model = "model";
    public const string Provider = "provider";
    public const string Usage = "usage";
    public const string Parameters = "parameters";
    public const string Streaming = "streaming";
    public const string FinishReason = "finishReason";
    public const string CompletionStartTime = "completionStartTime";
    public const string ResponseModel = "responseModel";
    public const string ResponseId = "responseId";
    public const string ServerAddress = "serverAddress";
    public const string ServerPort = "serverPort";
    public const string Tools = "tools";

    // Streamed chunks.
    public const string ChunkType = "chunkType";
    public const string SequenceNumber = "sequenceNumber";

    // Model parameters.
    public const string Temperature = "temperature";
    public const string MaxOutputTokens = "maxOutputTokens";
    public const string TopP = "topP";
    public const string TopK = "topK";
    public const string FrequencyPenalty = "frequencyPenalty";
    public const string PresencePenalty = "presencePenalty";
    public const string Seed = "seed";
    public const string StopSequences = "stopSequences";

    // Token usage and its details.
    public const string InputTokens = "inputTokens";
    public const string OutputTokens = "outputTokens";
    public const string InputDetails = "inputDetails";
    public const string OutputDetails = "outputDetails";
    public const string TextTokens = "text";
    public const string CacheRead = "cacheRead";
    public const string CacheWrite = "cacheWrite";
    public const string AudioTokens = "audio";
    public const string Reasoning = "reasoning";

    // Agent runs.
    public const string ConversationId = "conversationId";
    public const string AvailableTools = "availableTools";
    public const string Instructions = "instructions";

    // Tool calls.
    public const string ToolCallId = "toolCallId";
    public const string ToolType = "toolType";
    public const string ToolDescription = "toolDescription";
    public const string Success = "success";
}
