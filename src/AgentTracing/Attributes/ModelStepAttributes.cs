using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of a <c>model_step</c> span: one round trip to the provider inside a generation.</summary>
public sealed class ModelStepAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        ("stepIndex", JsonFieldKind.Int32, null),
        (AttributeKeys.Usage, JsonFieldKind.Object, UsageStats.Keys),
        (AttributeKeys.FinishReason, JsonFieldKind.String, null),
        ("isContinued", JsonFieldKind.Boolean, null),
        ("warnings", JsonFieldKind.Any, null),
        ("messageId", JsonFieldKind.String, null),
        (AttributeKeys.Model, JsonFieldKind.String, null),
        (AttributeKeys.Provider, JsonFieldKind.String, null),
        (AttributeKeys.Parameters, JsonFieldKind.Object, ModelParameters.Keys),
        (AttributeKeys.Streaming, JsonFieldKind.Boolean, null),
        (AttributeKeys.Tools, JsonFieldKind.ObjectList, ModelToolDefinition.Keys),
        (AttributeKeys.ResponseModel, JsonFieldKind.String, null),
        (AttributeKeys.ResponseId, JsonFieldKind.String, null),
        (AttributeKeys.CompletionStartTime, JsonFieldKind.DateTime, null),
        (AttributeKeys.ServerAddress, JsonFieldKind.String, null),
        (AttributeKeys.ServerPort, JsonFieldKind.Int32, null));

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
        get => GetObject(AttributeKeys.Usage, static json => new UsageStats(json));
        set => SetObject(AttributeKeys.Usage, value);
    }

    /// <summary>Why the model stopped.</summary>
    public string? FinishReason
    {
        get => GetString(AttributeKeys.FinishReason);
        set => SetString(AttributeKeys.FinishReason, value);
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
        get => GetString(AttributeKeys.Model);
        set => SetString(AttributeKeys.Model, value);
    }

    /// <summary>(project) The provider, when the producer knows it on the step.</summary>
    public string? Provider
    {
        get => GetString(AttributeKeys.Provider);
        set => SetString(AttributeKeys.Provider, value);
    }

    /// <summary>(project) The model parameters.</summary>
    public ModelParameters? Parameters
    {
        get => GetObject(AttributeKeys.Parameters, static json => new ModelParameters(json));
        set => SetObject(AttributeKeys.Parameters, value);
    }

    /// <summary>(project) Whether the output was streamed.</summary>
    public bool? Streaming
    {
        get => GetBoolean(AttributeKeys.Streaming);
        set => SetBoolean(AttributeKeys.Streaming, value);
    }

    /// <summary>(project) The tool definitions offered to the model.</summary>
    public IReadOnlyList<ModelToolDefinition>? Tools
    {
        get => GetObjectList(AttributeKeys.Tools, static json => new ModelToolDefinition(json));
        set => SetObjectList(AttributeKeys.Tools, value);
    }

    /// <summary>(project) The model id the provider reported.</summary>
    public string? ResponseModel
    {
        get => GetString(AttributeKeys.ResponseModel);
        set => SetString(AttributeKeys.ResponseModel, value);
    }

    /// <summary>(project) The provider's response id.</summary>
    public string? ResponseId
    {
        get => GetString(AttributeKeys.ResponseId);
        set => SetString(AttributeKeys.ResponseId, value);
    }

    /// <summary>(project) When the first output token arrived.</summary>
    public DateTimeOffset? CompletionStartTime
    {
        get => GetTime(AttributeKeys.CompletionStartTime);
        set => SetTime(AttributeKeys.CompletionStartTime, value);
    }

    /// <summary>(project) The provider's host.</summary>
    public string? ServerAddress
    {
        get => GetString(AttributeKeys.ServerAddress);
        set => SetString(AttributeKeys.ServerAddress, value);
    }

    /// <summary>(project) The provider's port.</summary>
    public int? ServerPort
    {
        get => GetInt32(AttributeKeys.ServerPort);
        set => SetInt32(AttributeKeys.ServerPort, value);
    }
}
