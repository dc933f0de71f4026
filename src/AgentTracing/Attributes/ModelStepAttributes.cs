using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>model_step</c> span: one round trip to the provider inside a generation.</summary>
public sealed class ModelStepAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("stepIndex", JsonFieldKind.Int32, null),
        ("usage", JsonFieldKind.Object, UsageStats.Keys),
        ("finishReason", JsonFieldKind.String, null),
        ("isContinued", JsonFieldKind.Boolean, null),
        ("warnings", JsonFieldKind.Any, null),
        ("messageId", JsonFieldKind.String, null),
        ("model", JsonFieldKind.String, null),
        ("provider", JsonFieldKind.String, null),
        ("parameters", JsonFieldKind.Object, ModelParameters.Keys),
        ("streaming", JsonFieldKind.Boolean, null),
        ("tools", JsonFieldKind.ObjectList, ModelToolDefinition.Keys),
        ("responseModel", JsonFieldKind.String, null),
        ("responseId", JsonFieldKind.String, null),
        ("completionStartTime", JsonFieldKind.DateTime, null),
        ("serverAddress", JsonFieldKind.String, null),
        ("serverPort", JsonFieldKind.Int32, null));

    /// <summary>Creates an empty instance.</summary>
    public ModelStepAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public ModelStepAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The 0-based step index.</summary>
    public int? StepIndex
    {
        get => GetInt32("stepIndex");
        set => SetInt32("stepIndex", value);
    }

    /// <summary>Token usage of this one round trip.</summary>
    public UsageStats? Usage
    {
        get => GetObject("usage", static json => new UsageStats(json));
        set => SetObject("usage", value);
    }

    /// <summary>Why the model stopped.</summary>
    public string? FinishReason
    {
        get => GetString("finishReason");
        set => SetString("finishReason", value);
    }

    /// <summary>Whether another step follows.</summary>
    public bool? IsContinued
    {
        get => GetBoolean("isContinued");
        set => SetBoolean("isContinued", value);
    }

    /// <summary>Provider warnings.</summary>
    public object? Warnings
    {
        get => GetAny("warnings");
        set => SetAny("warnings", value);
    }

    /// <summary>The id of the message the step produced.</summary>
    public string? MessageId
    {
        get => GetString("messageId");
        set => SetString("messageId", value);
    }

    /// <summary>(project) The model id, when the producer knows it on the step.</summary>
    public string? Model
    {
        get => GetString("model");
        set => SetString("model", value);
    }

    /// <summary>(project) The provider, when the producer knows it on the step.</summary>
    public string? Provider
    {
        get => GetString("provider");
        set => SetString("provider", value);
    }

    /// <summary>(project) The model parameters.</summary>
    public ModelParameters? Parameters
    {
        get => GetObject("parameters", static json => new ModelParameters(json));
        set => SetObject("parameters", value);
    }

    /// <summary>(project) Whether the output was streamed.</summary>
    public bool? Streaming
    {
        get => GetBoolean("streaming");
        set => SetBoolean("streaming", value);
    }

    /// <summary>(project) The tool definitions offered to the model.</summary>
    public IReadOnlyList<ModelToolDefinition>? Tools
    {
        get => GetObjectList("tools", static json => new ModelToolDefinition(json));
        set => SetObjectList("tools", value);
    }

    /// <summary>(project) The model id the provider reported.</summary>
    public string? ResponseModel
    {
        get => GetString("responseModel");
        set => SetString("responseModel", value);
    }

    /// <summary>(project) The provider's response id.</summary>
    public string? ResponseId
    {
        get => GetString("responseId");
        set => SetString("responseId", value);
    }

    /// <summary>(project) When the first output token arrived.</summary>
    public DateTimeOffset? CompletionStartTime
    {
        get => GetTime("completionStartTime");
        set => SetTime("completionStartTime", value);
    }

    /// <summary>(project) The provider's host.</summary>
    public string? ServerAddress
    {
        get => GetString("serverAddress");
        set => SetString("serverAddress", value);
    }

    /// <summary>(project) The provider's port.</summary>
    public int? ServerPort
    {
        get => GetInt32("serverPort");
        set => SetInt32("serverPort", value);
    }
}
