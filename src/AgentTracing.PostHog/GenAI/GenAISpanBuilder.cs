using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using static AgentTracing.PostHog.GenAIAttributeValues;

namespace AgentTracing.PostHog;

/// <summary>Builds the <see cref="ExportedSpan"/> snapshot of one activity: identity, attributes, content, user and session, error.</summary>
internal sealed class GenAISpanBuilder(GenAIActivityBridgeOptions options, ILogger logger)
{
    private const int MaxAncestorHops = 256;

    // Keys of the converted message lists in an activity's tag cache.
    private const string InputContent = "input";
    private const string OutputContent = "output";

    /// <summary>Builds a snapshot from the activity's current tags, events and status.</summary>
    /// <param name="tracked">The activity and its bookkeeping.</param>
    /// <param name="type">The span type (provisional at start, final at stop).</param>
    /// <param name="operation">The operation the type came from.</param>
    /// <param name="ended">Whether this is the end snapshot (end time and error).</param>
    /// <param name="isRoot">The span's <c>isRootSpan</c>.</param>
    /// <param name="metadata">The span's <c>userId</c> and <c>sessionId</c>, from <see cref="Metadata"/> during the callback.</param>
    /// <param name="firstModelInput">For <c>orchestrate_tools</c>: its first model call's input.</param>
    /// <param name="lastModelOutput">For <c>orchestrate_tools</c>: its last model call's output.</param>
    /// <param name="identityOnly">
    /// Only what the start decides (ids, name, type, time, root, user and session): a start snapshot built after the
    /// callback returned would see the tags set since and cost as much as the end snapshot, which carries them anyway.
    /// </param>
    public ExportedSpan Build(
        TrackedActivity tracked,
        SpanType type,
        string operation,
        bool ended,
        bool isRoot,
        Dictionary<string, object?>? metadata,
        JsonNode? firstModelInput,
        JsonNode? lastModelOutput,
        bool identityOnly = false)
    {
        var activity = tracked.Activity;
        var start = new DateTimeOffset(DateTime.SpecifyKind(activity.StartTimeUtc, DateTimeKind.Utc));
        var span = new ExportedSpan
        {
            Id = tracked.SpanId,
            TraceId = tracked.TraceId,
            ParentSpanId = tracked.Parent?.SpanId,
            Name = activity.DisplayName,
            Type = type,
            StartTime = start,
            EndTime = ended ? start + activity.Duration : null,
            IsEvent = false,
            IsRootSpan = isRoot,
            Metadata = metadata,
        };

        if (identityOnly)
        {
            return span;
        }

        var json = new JsonObject();
        if (GenAIOperations.IsModelType(type))
        {
            ModelAttributes(tracked, json, start);
            if (operation == GenAIOperations.OrchestrateTools)
            {
                span.Input = firstModelInput?.DeepClone();
                span.Output = lastModelOutput?.DeepClone();
            }
            else
            {
                ModelContent(tracked, span);
            }
        }
        else if (type == SpanType.AgentRun)
        {
            AgentAttributes(tracked, json, span);
        }
        else if (type == SpanType.ToolCall)
        {
            ToolAttributes(activity, json, span, ended);
        }
        else if (type == SpanType.WorkflowRun)
        {
            span.EntityType = "workflow_run";
            span.EntityId = GenAIValues.GetString(activity, GenAITags.WorkflowId);
            span.EntityName = GenAIValues.GetString(activity, GenAITags.WorkflowName);
        }
        else if (type == SpanType.WorkflowStep)
        {
            span.EntityType = "workflow_step";
            span.EntityId = span.EntityName = GenAIValues.GetString(activity, GenAITags.ExecutorId);
            span.Input = GenAIValues.ToNode(activity.GetTagItem(GenAITags.ExecutorInput));
            span.Output = GenAIValues.ToNode(activity.GetTagItem(GenAITags.ExecutorOutput));
        }

        if (options.IncludeUnmappedTags)
        {
            foreach (var tag in activity.TagObjects)
            {
                if (!GenAITags.Mapped.Contains(tag.Key) && !json.ContainsKey(tag.Key) && GenAIValues.ToNode(tag.Value) is { } value)
                {
                    json[tag.Key] = value;
                }
            }
        }

        if (ended && Failed(activity))
        {
            span.ErrorInfo = ErrorInfo(activity);
        }

        span.Attributes = SpanAttributes.Create(type, json);
        return span;
    }

    /// <summary>The activity failed: an error status, or an <c>error.type</c> tag (MAF Workflows set only the tag).</summary>
    public static bool Failed(Activity activity) =>
        activity.Status == ActivityStatusCode.Error || activity.GetTagItem(GenAITags.ErrorType) is not null;

    private static SpanErrorInfo ErrorInfo(Activity activity)
    {
        var errorType = GenAIValues.GetString(activity, GenAITags.ErrorType);
        string? exceptionMessage = null;
        string? stack = null;
        foreach (var e in activity.Events)
        {
            if (e.Name != GenAITags.ExceptionEvent)
            {
                continue;
            }

            foreach (var tag in e.Tags)
            {
                if (tag.Key == GenAITags.ExceptionMessage)
                {
                    exceptionMessage ??= GenAIValues.AsString(tag.Value);
                }
                else if (tag.Key == GenAITags.ExceptionStackTrace)
                {
                    stack ??= GenAIValues.AsString(tag.Value);
                }
            }
        }

        var message = NonEmpty(activity.StatusDescription)
            ?? NonEmpty(GenAIValues.GetString(activity, GenAITags.ErrorMessage))
            ?? NonEmpty(exceptionMessage)
            ?? NonEmpty(errorType)
            ?? "Error";
        return new SpanErrorInfo { Message = message, Id = NonEmpty(errorType), Name = NonEmpty(errorType), Stack = stack };
    }

    private static void ModelAttributes(TrackedActivity tracked, JsonObject json, DateTimeOffset start)
    {
        var activity = tracked.Activity;
        var model = GenAIValues.GetString(activity, GenAITags.RequestModel);
        var responseModel = GenAIValues.GetString(activity, GenAITags.ResponseModel);
        Put(json, AttributeKeys.Model, NonEmpty(model) ?? NonEmpty(responseModel));
        Put(json, AttributeKeys.Provider, NonEmpty(GenAIValues.GetString(activity, GenAITags.ProviderName)) ?? NonEmpty(GenAIValues.GetString(activity, GenAITags.System)));

        var parameters = new JsonObject();
        Put(parameters, AttributeKeys.Temperature, GenAIValues.GetDouble(activity, GenAITags.Temperature));
        Put(parameters, AttributeKeys.MaxOutputTokens, GenAIValues.GetInt64(activity, GenAITags.MaxTokens) ?? GenAIValues.GetInt64(activity, GenAITags.MaxTokensOld));
        Put(parameters, AttributeKeys.TopP, GenAIValues.GetDouble(activity, GenAITags.TopP));
        Put(parameters, AttributeKeys.TopK, GenAIValues.GetInt64(activity, GenAITags.TopK));
        Put(parameters, AttributeKeys.FrequencyPenalty, GenAIValues.GetDouble(activity, GenAITags.FrequencyPenalty));
        Put(parameters, AttributeKeys.PresencePenalty, GenAIValues.GetDouble(activity, GenAITags.PresencePenalty));
        Put(parameters, AttributeKeys.Seed, GenAIValues.GetInt64(activity, GenAITags.Seed));
        if (StopSequences(activity.GetTagItem(GenAITags.StopSequences)) is { } stops)
        {
            parameters[AttributeKeys.StopSequences] = stops;
        }

        if (parameters.Count > 0)
        {
            json[AttributeKeys.Parameters] = parameters;
        }

        if (GenAIValues.GetBoolean(activity, GenAITags.Stream) == true)
        {
            json[AttributeKeys.Streaming] = true;
        }

        Put(json, AttributeKeys.FinishReason, FirstFinishReason(activity.GetTagItem(GenAITags.FinishReasons) ?? activity.GetTagItem(GenAITags.FinishReasonSk), tracked.TagCache.Repeated));
        Put(json, AttributeKeys.ResponseId, NonEmpty(GenAIValues.GetString(activity, GenAITags.ResponseId)));
        Put(json, AttributeKeys.ResponseModel, NonEmpty(responseModel));
        if (GenAIValues.GetDouble(activity, GenAITags.TimeToFirstChunk) is { } firstChunk && firstChunk >= 0 && firstChunk < 1e6)
        {
            json[AttributeKeys.CompletionStartTime] = UtcTimeText.ToText(start + TimeSpan.FromTicks((long)(firstChunk * TimeSpan.TicksPerSecond)));
        }

        Put(json, AttributeKeys.ServerAddress, NonEmpty(GenAIValues.GetString(activity, GenAITags.ServerAddress)));
        Put(json, AttributeKeys.ServerPort, GenAIValues.GetInt64(activity, GenAITags.ServerPort));

        var usage = Usage(activity);
        if (usage.Count > 0)
        {
            json[AttributeKeys.Usage] = usage;
        }

        if (TagJson(tracked, GenAITags.ToolDefinitions) is JsonArray tools)
        {
            var definitions = new JsonArray();
            foreach (var tool in tools)
            {
                if (tool is JsonObject)
                {
                    definitions.Add(tool.DeepClone());
                }
            }

            json[AttributeKeys.Tools] = definitions;
        }
    }

    private static void ModelContent(TrackedActivity tracked, ExportedSpan span)
    {
        var activity = tracked.Activity;
        var inputTag = activity.GetTagItem(GenAITags.InputMessages);
        var instructions = activity.GetTagItem(GenAITags.SystemInstructions);
        var outputTag = activity.GetTagItem(GenAITags.OutputMessages);
        if (inputTag is not null || instructions is not null || outputTag is not null)
        {
            // The stop snapshot shares the start snapshot's messages while the tags are unchanged: the exporter only
            // reads them.
            span.Input = tracked.TagCache.Get(
                InputContent,
                inputTag,
                instructions,
                (tracked, inputTag, instructions),
                static s => Messages(s.inputTag, ParsedOrRaw(s.tracked, GenAITags.SystemInstructions, s.instructions)));
            span.Output = tracked.TagCache.Get(
                OutputContent,
                outputTag,
                null,
                (tracked, outputTag),
                static s => Messages(s.outputTag, null));
            return;
        }

        // Semantic Kernel's connectors record content as activity events, not tags.
        var (input, output) = GenAIMessages.FromSkEvents(activity);
        span.Input = input;
        span.Output = output;
    }

    private static void AgentAttributes(TrackedActivity tracked, JsonObject json, ExportedSpan span)
    {
        var activity = tracked.Activity;
        span.EntityType = "agent";
        span.EntityId = GenAIValues.GetString(activity, GenAITags.AgentId);
        span.EntityName = GenAIValues.GetString(activity, GenAITags.AgentName);
        Put(json, AttributeKeys.ConversationId, NonEmpty(GenAIValues.GetString(activity, GenAITags.ConversationId)));
        if (GenAIMessages.ToolNames(TagJson(tracked, GenAITags.ToolDefinitions)) is { } names)
        {
            var array = new JsonArray();
            foreach (var name in names)
            {
                array.Add((JsonNode)name);
            }

            json[AttributeKeys.AvailableTools] = array;
        }

        var instructions = ParsedOrRaw(tracked, GenAITags.SystemInstructions, activity.GetTagItem(GenAITags.SystemInstructions));
        Put(json, AttributeKeys.Instructions, GenAIMessages.InstructionsText(instructions));
        var inputTag = activity.GetTagItem(GenAITags.InputMessages);
        var outputTag = activity.GetTagItem(GenAITags.OutputMessages);
        if (inputTag is not null || instructions is not null)
        {
            span.Input = Messages(inputTag, instructions);
        }

        if (outputTag is not null)
        {
            span.Output = Messages(outputTag, null);
        }
    }

    /// <summary>The messages of a message tag, after the system instructions when there are any.</summary>
    private static JsonArray? Messages(object? tag, JsonNode? systemInstructions) => tag is string text
        ? GenAIMessages.FromTag(text, systemInstructions)
        : GenAIMessages.FromTag(GenAIValues.ToNode(tag), systemInstructions);

    /// <summary>The tag as JSON: a string tag parsed (at most once while it is unchanged), anything else converted.</summary>
    private static JsonNode? TagJson(TrackedActivity tracked, string key) => tracked.Activity.GetTagItem(key) switch
    {
        string s => tracked.TagCache.ParseJson(key, s),
        var other => GenAIValues.ToNode(other),
    };

    /// <summary>
    /// <see cref="GenAIValues.ParsedOrRaw"/> of the tag value <paramref name="value"/>, a string parsed at most once while
    /// it is unchanged. For readers only: the node may be the one an earlier snapshot, or another activity, read.
    /// </summary>
    private static JsonNode? ParsedOrRaw(TrackedActivity tracked, string key, object? value) => value switch
    {
        string s => tracked.TagCache.ParseJson(key, s) ?? JsonValue.Create(s),
        _ => GenAIValues.ToNode(value),
    };

    private static void ToolAttributes(Activity activity, JsonObject json, ExportedSpan span, bool ended)
    {
        var name = NonEmpty(GenAIValues.GetString(activity, GenAITags.ToolName));
        span.EntityType = "tool";
        span.EntityId = span.EntityName = name;
        Put(json, AttributeKeys.ToolCallId, NonEmpty(GenAIValues.GetString(activity, GenAITags.ToolCallId)));
        Put(json, AttributeKeys.ToolType, NonEmpty(GenAIValues.GetString(activity, GenAITags.ToolType)));
        Put(json, AttributeKeys.ToolDescription, NonEmpty(GenAIValues.GetString(activity, GenAITags.ToolDescription)));
        if (ended)
        {
            json[AttributeKeys.Success] = !Failed(activity);
        }

        span.Input = GenAIValues.ParsedOrRaw(activity.GetTagItem(GenAITags.ToolCallArguments));
        span.Output = GenAIValues.ParsedOrRaw(activity.GetTagItem(GenAITags.ToolCallResult));
    }

    /// <summary>
    /// <c>userId</c> and <c>sessionId</c> from the activity and its in-process ancestors, tracked or not, read from their
    /// current tags and baggage. Read during the callback, so that the resolvers run on the application's thread.
    /// </summary>
    public Dictionary<string, object?>? Metadata(Activity activity)
    {
        string? user = null;
        string? session = null;
        var hops = 0;
        for (var current = activity; current is not null && hops < MaxAncestorHops && (user is null || session is null); current = current.Parent, hops++)
        {
            if (user is null)
            {
                user = Resolve(options.UserIdResolver, current)
                    ?? NonEmpty(GenAIValues.GetString(current, GenAITags.UserId))
                    ?? NonEmpty(GenAIValues.GetString(current, GenAITags.EndUserId));
            }

            if (session is null)
            {
                session = Resolve(options.SessionIdResolver, current)
                    ?? NonEmpty(GenAIValues.GetString(current, GenAITags.ConversationId))
                    ?? NonEmpty(GenAIValues.GetString(current, GenAITags.SessionId));
            }
        }

        user ??= NonEmpty(activity.GetBaggageItem("user.id")) ?? NonEmpty(activity.GetBaggageItem("posthog.distinct_id"));
        if (user is null && session is null)
        {
            return null;
        }

        var metadata = new Dictionary<string, object?>(2, StringComparer.Ordinal);
        if (user is not null)
        {
            metadata["userId"] = user;
        }

        if (session is not null)
        {
            metadata["sessionId"] = session;
        }

        return metadata;
    }

    private string? Resolve(Func<Activity, string?>? resolver, Activity activity)
    {
        if (resolver is null)
        {
            return null;
        }

        try
        {
            return NonEmpty(resolver(activity));
        }
        catch (Exception ex)
        {
            GenAILog.ResolverFailed(logger, ex, activity.DisplayName);
            return null;
        }
    }
}
