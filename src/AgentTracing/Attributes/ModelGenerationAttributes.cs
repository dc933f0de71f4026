using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>model_generation</c> span: one model call from the caller's view.</summary>
public sealed class ModelGenerationAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("model", JsonFieldKind.String, null),
        ("provider", JsonFieldKind.String, null),
        ("resultType", JsonFieldKind.String, null),
        ("usage", JsonFieldKind.Object, UsageStats.Keys),
        ("parameters", JsonFieldKind.Object, ModelParameters.Keys),
        ("streaming", JsonFieldKind.Boolean, null),
        ("finishReason", JsonFieldKind.String, null),
        ("completionStartTime", JsonFieldKind.DateTime, null),
        ("responseModel", JsonFieldKind.String, null),
        ("responseId", JsonFieldKind.String, null),
        ("serverAddress", JsonFieldKind.String, null),
        ("serverPort", JsonFieldKind.Int32, null),
        ("tools", JsonFieldKind.ObjectList, ModelToolDefinition.Keys),
        ("costContext", JsonFieldKind.Any, null));

    /// <summary>Creates an empty instance.</summary>
    public ModelGenerationAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ModelGenerationAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The model id, for example <c>"gpt-4o-mini"</c>.</summary>
    public string? Model
    {
        get => GetString("model");
        set => SetString("model", value);
    }

    /// <summary>The provider, for example <c>"openai.chat"</c>.</summary>
    public string? Provider
    {
        get => GetString("provider");
        set => SetString("provider", value);
    }

    /// <summary><c>"tool_selection"</c>, <c>"response_generation"</c>, <c>"reasoning"</c> or <c>"planning"</c>.</summary>
    public string? ResultType
    {
        get => GetString("resultType");
        set => SetString("resultType", value);
    }

    /// <summary>Token usage: on a generation, the sum over its steps.</summary>
    public UsageStats? Usage
    {
        get => GetObject("usage", static json => new UsageStats(json));
        set => SetObject("usage", value);
    }

    /// <summary>The model parameters.</summary>
    public ModelParameters? Parameters
    {
        get => GetObject("parameters", static json => new ModelParameters(json));
        set => SetObject("parameters", value);
    }

    /// <summary>Whether the output was streamed.</summary>
    public bool? Streaming
    {
        get => GetBoolean("streaming");
        set => SetBoolean("streaming", value);
    }

    /// <summary>Why the model stopped.</summary>
    public string? FinishReason
    {
        get => GetString("finishReason");
        set => SetString("finishReason", value);
    }

    /// <summary>When the first output token arrived.</summary>
    public DateTimeOffset? CompletionStartTime
    {
        get => GetTime("completionStartTime");
        set => SetTime("completionStartTime", value);
    }

    /// <summary>The model id the provider reported.</summary>
    public string? ResponseModel
    {
        get => GetString("responseModel");
        set => SetString("responseModel", value);
    }

    /// <summary>The provider's response id.</summary>
    public string? ResponseId
    {
        get => GetString("responseId");
        set => SetString("responseId", value);
    }

    /// <summary>The provider's host.</summary>
    public string? ServerAddress
    {
        get => GetString("serverAddress");
        set => SetString("serverAddress", value);
    }

    /// <summary>The provider's port.</summary>
    public int? ServerPort
    {
        get => GetInt32("serverPort");
        set => SetInt32("serverPort", value);
    }

    /// <summary>(newer) The tool definitions offered to the model.</summary>
    public IReadOnlyList<ModelToolDefinition>? Tools
    {
        get => GetObjectList("tools", static json => new ModelToolDefinition(json));
        set => SetObjectList("tools", value);
    }

    /// <summary>(newer) Opaque cost information.</summary>
    public object? CostContext
    {
        get => GetAny("costContext");
        set => SetAny("costContext", value);
    }
}
