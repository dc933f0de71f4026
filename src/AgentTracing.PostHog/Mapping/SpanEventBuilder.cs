using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// Builds the PostHog event of one span from its cached snapshot and its trace's state: <c>$ai_trace</c> for an ended
/// root, <c>$ai_generation</c> for generations and steps, <c>$ai_span</c> for everything else.
/// </summary>
internal sealed class SpanEventBuilder(ValueConverter converter, bool privacyMode, string? defaultDistinctId)
{
    private const int MaxAncestorHops = 64;
    private const string ModelGeneration = "model_generation";
    private const string ModelStep = "model_step";
    private const string ModelInference = "model_inference";
    private static readonly string[] PromptAttributeKeys = ["instructions", "prompt", "messageListMutations"];

    /// <summary>
    /// Builds the event. For a model call, records in <paramref name="trace"/> the tokens it sent, so that its
    /// generation sends only the rest. <paramref name="asGeneration"/> builds the <c>$ai_generation</c> of a root span
    /// that is a model call, which is also sent as the <c>$ai_trace</c>.
    /// </summary>
    public (PostHogEvent Event, EventProperties Properties) Build(TraceState trace, SpanSnapshot span, EmitKind kind, DateTimeOffset now, bool asGeneration = false)
    {
        var properties = EventProperties.Rent(converter);
        string eventName;
        DateTimeOffset timestamp;
        if (span.IsRootSpan && !span.IsEvent && !asGeneration)
        {
            eventName = AiEventNames.Trace;
            timestamp = kind == EmitKind.Aborted ? now : span.EndTime ?? now;
            WriteTrace(properties, span);
        }
        else
        {
            eventName = asGeneration ? AiEventNames.Generation : SpanTypeMapper.ToPostHogEvent(span.Type);
            (timestamp, var latency) = kind switch
            {
                EmitKind.EventSpan => (span.EndTime ?? (span.StartTime == default ? now : span.StartTime), 0d),
                EmitKind.Aborted => (now, Latency(span.StartTime, now)),
                _ => (span.EndTime ?? now, Latency(span.StartTime, span.EndTime ?? now)),
            };
            WriteCommon(properties, trace, span, latency);
            if (eventName == AiEventNames.Generation)
            {
                WriteGeneration(properties, trace, span, kind);
            }
            else
            {
                WriteSpan(properties, span);
                if (kind == EmitKind.Ended)
                {
                    trace.AddToolResult(span);
                }
            }
        }

        var evt = new PostHogEvent
        {
            EventName = eventName,
            DistinctId = DistinctId(span.Metadata, trace.UserId),
            Timestamp = timestamp,
            RawProperties = properties,
        };
        return (evt, properties);
    }

    /// <summary>Whether a span is one call of a model, or a generation wrapping calls: what PostHog prices as a generation.</summary>
    public static bool IsModelCall(SpanSnapshot span) => span.TypeName is ModelGeneration or ModelStep or ModelInference;

    /// <summary>
    /// Whether a root span is also sent as a <c>$ai_generation</c>: it is a model call, and its calls have not already
    /// carried all of its tokens (a root generation whose steps add up would add only an empty row).
    /// </summary>
    public static bool RootNeedsGeneration(TraceState trace, SpanSnapshot span)
    {
        if (!span.IsRootSpan || span.IsEvent || !IsModelCall(span))
        {
            return false;
        }

        return !trace.CallTokens.TryGetValue(span.Id, out var spent)
            || TokenCounts.Read(span.Attributes[AttributeKeys.Usage]).Minus(spent).AnyPositive;
    }

    /// <summary>The span's user, else the trace's, else the default, else <c>"anonymous"</c>.</summary>
    public string DistinctId(IDictionary<string, object?>? metadata, string? traceUserId) =>
        CustomProperties.UserIdOf(metadata) ?? traceUserId ?? (string.IsNullOrEmpty(defaultDistinctId) ? null : defaultDistinctId) ?? "anonymous";

    private static double Latency(DateTimeOffset start, DateTimeOffset end) =>
        Math.Max(0, end.ToUnixTimeMilliseconds() - start.ToUnixTimeMilliseconds()) / 1000.0;

    private void WriteTrace(EventProperties properties, SpanSnapshot span)
    {
        properties.Set("$ai_trace_id", span.TraceId);
        properties.Set("$ai_span_name", span.Name);
        properties.Set("$ai_is_error", span.ErrorInfo is not null);
        if (CustomProperties.SessionIdOf(span.Metadata) is { } session)
        {
            properties.Set("$ai_session_id", session);
        }

        WriteState(properties, span);
        if (span.ErrorInfo is { } error)
        {
            properties.Set("$ai_error", ErrorText(error));
            if (!string.IsNullOrEmpty(error.Id))
            {
                properties.Set("error_id", error.Id!);
            }

            if (!string.IsNullOrEmpty(error.Category))
            {
                properties.Set("error_category", error.Category!);
            }
        }

        CustomProperties.WriteTags(properties, span.Tags);
        CustomProperties.WriteMetadata(properties, span.Metadata);
    }

    private void WriteCommon(EventProperties properties, TraceState trace, SpanSnapshot span, double latency)
    {
        properties.Set("$ai_trace_id", span.TraceId);
        properties.Set("$ai_latency", latency);
        properties.Set("$ai_is_error", span.ErrorInfo is not null);
        if (span.IsRootSpan && !span.IsEvent)
        {
            // The generation of a root model call hangs under the trace that the same span is sent as.
            properties.Set("$ai_parent_id", span.TraceId);
        }
        else if (!string.IsNullOrEmpty(span.ParentSpanId))
        {
            var parentKnown = trace.Spans.TryGetValue(span.ParentSpanId!, out var parent);
            if (!parentKnown)
            {
                properties.Flag(InputIssues.UnknownParent);
            }

            var parentIsRoot = parentKnown && parent!.IsRootSpan;
            properties.Set("$ai_parent_id", parentIsRoot ? span.TraceId : span.ParentSpanId!);
        }

        if (CustomProperties.SessionIdOf(span.Metadata) is { } session)
        {
            properties.Set("$ai_session_id", session);
        }
    }

    private void WriteGeneration(EventProperties properties, TraceState trace, SpanSnapshot span, EmitKind kind)
    {
        var isStep = span.TypeName == ModelStep;
        var attributes = span.Attributes;
        var ancestor = isStep ? NearestGeneration(trace, span) : null;

        properties.Set("$ai_generation_id", span.Id);
        var model = JsonTruthiness.AsNonEmptyString(Checked(properties, span, AttributeKeys.Model))
            ?? JsonTruthiness.AsNonEmptyString(ancestor?.Attributes[AttributeKeys.Model]);
        properties.Set("$ai_model", model ?? "unknown-model");
        var provider = JsonTruthiness.AsNonEmptyString(Checked(properties, span, AttributeKeys.Provider))
            ?? JsonTruthiness.AsNonEmptyString(ancestor?.Attributes[AttributeKeys.Provider]);
        CallDetails.WriteProvider(properties, provider);

        if (privacyMode)
        {
            properties.Protect("$ai_input");
            properties.Protect("$ai_output_choices");
        }
        else
        {
            if (isStep && ancestor is not null && !JsonTruthiness.IsEmpty(ancestor.Input)
                && (JsonTruthiness.IsEmpty(span.Input) || MessageNormalizer.IsPlainTextMessages(span.Input)))
            {
                // A step's own input is a preview: send the conversation it received instead.
                properties.SetConversation("$ai_input", new CallConversation(trace, ancestor, trace.CallsBefore(ancestor.Id, span)), span.Input);
            }
            else if (trace.GenerationInputs is { } inputs && inputs.TryGetValue(span.Id, out var written) && ReferenceEquals(written.Source, span.Input))
            {
                // Its calls' conversations already wrote this input; the generation's own event is its last use.
                properties.SetMessages("$ai_input", written);
                inputs.Remove(span.Id);
            }
            else if (!JsonTruthiness.IsEmpty(span.Input))
            {
                properties.SetMessages("$ai_input", span.Input, "user");
            }

            if (!JsonTruthiness.IsEmpty(span.Output))
            {
                properties.SetMessages("$ai_output_choices", span.Output, "assistant");
            }
        }

        TokenLedger.Write(properties, trace, span, kind, model);

        var parameters = Checked(properties, span, AttributeKeys.Parameters) as JsonObject;
        var inherited = ancestor?.Attributes[AttributeKeys.Parameters] as JsonObject;
        if ((parameters?[AttributeKeys.Temperature] ?? inherited?[AttributeKeys.Temperature]) is { } temperature)
        {
            properties.SetConverted("$ai_temperature", temperature);
        }

        if ((parameters?[AttributeKeys.MaxOutputTokens] ?? inherited?[AttributeKeys.MaxOutputTokens]) is { } maxTokens)
        {
            properties.SetConverted("$ai_max_tokens", maxTokens);
        }

        if ((Checked(properties, span, AttributeKeys.Streaming) ?? ancestor?.Attributes[AttributeKeys.Streaming]) is { } streaming)
        {
            properties.SetConverted("$ai_stream", streaming);
        }

        if ((parameters ?? inherited) is { Count: > 0 } allParameters)
        {
            properties.SetConverted("$ai_model_parameters", allParameters);
        }

        CallDetails.Write(properties, span, ancestor);

        var tools = Checked(properties, span, AttributeKeys.Tools);
        if (!ToolDefinitions.IsPresent(tools))
        {
            tools = ancestor?.Attributes[AttributeKeys.Tools];
        }

        if (ToolDefinitions.IsPresent(tools))
        {
            ToolDefinitions.Write(properties, (JsonArray)tools!);
        }

        WriteErrorKeys(properties, span.ErrorInfo);
        if (span.IsRootSpan)
        {
            CustomProperties.WriteTags(properties, span.Tags);
        }

        CustomProperties.WriteMetadata(properties, span.Metadata);
        if (isStep && ancestor is not null && kind == EmitKind.Ended)
        {
            trace.AddCall(ancestor.Id, span);
        }
    }

    private void WriteSpan(EventProperties properties, SpanSnapshot span)
    {
        properties.Set("$ai_span_id", span.Id);
        properties.Set("$ai_span_name", span.Name);
        WriteState(properties, span);
        if (span.TypeName == "model_chunk")
        {
            var chunkType = Checked(properties, span, AttributeKeys.ChunkType);
            if (!JsonTruthiness.IsEmpty(chunkType))
            {
                properties.SetConverted("chunk_type", chunkType);
            }

            if (Checked(properties, span, AttributeKeys.SequenceNumber) is { } sequence)
            {
                properties.SetConverted("chunk_sequence_number", sequence);
            }
        }

        if (privacyMode)
        {
            foreach (var key in PromptAttributeKeys)
            {
                properties.Protect(key);
            }
        }

        // Error keys are exporter keys: protect them before the user layers, write them in their documented place.
        var error = span.ErrorInfo;
        if (error is not null)
        {
            properties.Protect("error_message");
            if (!string.IsNullOrEmpty(error.Id))
            {
                properties.Protect("error_id");
            }

            if (!string.IsNullOrEmpty(error.Category))
            {
                properties.Protect("error_category");
            }
        }

        if (span.IsRootSpan)
        {
            CustomProperties.WriteTags(properties, span.Tags);
        }

        span.Attributes.WriteUser(properties);

        WriteErrorKeys(properties, error);
        CustomProperties.WriteMetadata(properties, span.Metadata);
    }

    private void WriteState(EventProperties properties, SpanSnapshot span)
    {
        if (privacyMode)
        {
            properties.Protect("$ai_input_state");
            properties.Protect("$ai_output_state");
            return;
        }

        if (!JsonTruthiness.IsEmpty(span.Input))
        {
            properties.SetConverted("$ai_input_state", span.Input);
        }

        if (!JsonTruthiness.IsEmpty(span.Output))
        {
            properties.SetConverted("$ai_output_state", span.Output);
        }
    }

    private void WriteErrorKeys(EventProperties properties, SpanErrorInfo? error)
    {
        if (error is null)
        {
            return;
        }

        properties.Set("$ai_error", ErrorText(error));
        if (privacyMode)
        {
            properties.Protect("error_message");
        }
        else if (error.Message is not null)
        {
            properties.Set("error_message", error.Message);
        }

        if (!string.IsNullOrEmpty(error.Id))
        {
            properties.Set("error_id", error.Id!);
        }

        if (!string.IsNullOrEmpty(error.Category))
        {
            properties.Set("error_category", error.Category!);
        }
    }

    /// <summary>
    /// What PostHog shows and groups errors by (<c>$ai_error</c>, a string): the message, or in privacy mode (where
    /// the message is content) the error's id, else its category, else <c>"error"</c>.
    /// </summary>
    private string ErrorText(SpanErrorInfo error)
    {
        if (!privacyMode && !string.IsNullOrEmpty(error.Message))
        {
            return error.Message!;
        }

        return !string.IsNullOrEmpty(error.Id) ? error.Id!
            : !string.IsNullOrEmpty(error.Category) ? error.Category!
            : "error";
    }

    /// <summary>
    /// An attribute the exporter reads. A value the typed model would not read as its key's type (the schema of the
    /// span type's attributes class) is flagged as <see cref="InputIssues.WrongAttributeType"/> and returned as it is.
    /// </summary>
    public static JsonNode? Checked(EventProperties properties, SpanSnapshot span, string key)
    {
        var value = span.Attributes[key];
        if (SpanAttributes.KeysOf(span.TypeName).IsWrongKind(key, value))
        {
            properties.FlagWrongAttribute(key);
        }

        return value;
    }

    /// <summary>The nearest cached <c>model_generation</c> ancestor, at most 64 hops up: where a step inherits model, provider, parameters and tools from.</summary>
    private static SpanSnapshot? NearestGeneration(TraceState trace, SpanSnapshot span)
    {
        var parentId = span.ParentSpanId;
        for (var hops = 0; hops < MaxAncestorHops && !string.IsNullOrEmpty(parentId); hops++)
        {
            if (!trace.Spans.TryGetValue(parentId!, out var parent))
            {
                return null;
            }

            if (parent.TypeName == ModelGeneration)
            {
                return parent;
            }

            parentId = parent.ParentSpanId;
        }

        return null;
    }
}
