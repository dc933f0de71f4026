using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Attributes of an <c>agent_run</c> span.</summary>
public sealed class AgentRunAttributes : SpanAttributes
{
    internal static new readonly JsonSchema Keys = SpanAttributes.Keys.With(
        (AttributeKeys.ConversationId, JsonFieldKind.String, null),
        (AttributeKeys.Instructions, JsonFieldKind.String, null),
        ("prompt", JsonFieldKind.String, null),
        (AttributeKeys.AvailableTools, JsonFieldKind.StringList, null),
        ("maxSteps", JsonFieldKind.Int32, null),
        ("resolvedVersionId", JsonFieldKind.String, null),
        ("tripwireAbort", JsonFieldKind.Object, TripwireAbort.Keys));

    /// <summary>Creates an empty instance.</summary>
    public AgentRunAttributes()
        : this(null)
    {
    }

    /// <summary>Wraps a JSON object; the instance reads and writes it in place.</summary>
    /// <param name="json">The JSON form, or <see langword="null"/> for an empty object.</param>
    public AgentRunAttributes(JsonObject? json)
        : base(json)
    {
    }

    private protected override JsonSchema Schema => Keys;

    /// <summary>The thread or conversation id.</summary>
    public string? ConversationId
    {
        get => GetString(AttributeKeys.ConversationId);
        set => SetString(AttributeKeys.ConversationId, value);
    }

    /// <summary>The agent's system instructions.</summary>
    public string? Instructions
    {
        get => GetString(AttributeKeys.Instructions);
        set => SetString(AttributeKeys.Instructions, value);
    }

    /// <summary>The prompt.</summary>
    public string? Prompt
    {
        get => GetString("prompt");
        set => SetString("prompt", value);
    }

    /// <summary>The names of the tools the agent may call.</summary>
    public IReadOnlyList<string>? AvailableTools
    {
        get => GetStringList(AttributeKeys.AvailableTools);
        set => SetStringList(AttributeKeys.AvailableTools, value);
    }

    /// <summary>The step limit.</summary>
    public int? MaxSteps
    {
        get => GetInt32("maxSteps");
        set => SetInt32("maxSteps", value);
    }

    /// <summary>(newer) The resolved agent version.</summary>
    public string? ResolvedVersionId
    {
        get => GetString("resolvedVersionId");
        set => SetString("resolvedVersionId", value);
    }

    /// <summary>(newer) Why a processor aborted the run.</summary>
    public TripwireAbort? TripwireAbort
    {
        get => GetObject("tripwireAbort", static json => new TripwireAbort(json));
        set => SetObject("tripwireAbort", value);
    }
}
