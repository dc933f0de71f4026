using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The attribute values the bridge derives from activity tags (token usage, stop sequences, the first finish reason),
/// and the helpers that put an optional value into attribute JSON only when it is there.
/// </summary>
internal static class GenAIAttributeValues
{
    public static JsonObject Usage(Activity activity)
    {
        var usage = new JsonObject();
        var input = GenAIValues.GetInt64(activity, GenAITags.InputTokens);
        var output = GenAIValues.GetInt64(activity, GenAITags.OutputTokens);
        if (input is null && GenAIValues.GetInt64(activity, GenAITags.PromptTokensOld) is >= 0 and var oldInput)
        {
            input = oldInput;
        }

        if (output is null && GenAIValues.GetInt64(activity, GenAITags.CompletionTokensOld) is >= 0 and var oldOutput)
        {
            output = oldOutput;
        }

        Put(usage, AttributeKeys.InputTokens, input);
        Put(usage, AttributeKeys.OutputTokens, output);
        var inputDetails = new JsonObject();
        Put(inputDetails, AttributeKeys.TextTokens, GenAIValues.GetInt64(activity, GenAITags.InputTextTokens));
        Put(inputDetails, AttributeKeys.CacheRead, GenAIValues.GetInt64(activity, GenAITags.CacheReadTokens));
        Put(inputDetails, AttributeKeys.CacheWrite, GenAIValues.GetInt64(activity, GenAITags.CacheCreationTokens));
        Put(inputDetails, AttributeKeys.AudioTokens, GenAIValues.GetInt64(activity, GenAITags.InputAudioTokens));
        if (inputDetails.Count > 0)
        {
            usage[AttributeKeys.InputDetails] = inputDetails;
        }

        var outputDetails = new JsonObject();
        Put(outputDetails, AttributeKeys.TextTokens, GenAIValues.GetInt64(activity, GenAITags.OutputTextTokens));
        Put(outputDetails, AttributeKeys.Reasoning, GenAIValues.GetInt64(activity, GenAITags.ReasoningTokens));
        Put(outputDetails, AttributeKeys.AudioTokens, GenAIValues.GetInt64(activity, GenAITags.OutputAudioTokens));
        if (outputDetails.Count > 0)
        {
            usage[AttributeKeys.OutputDetails] = outputDetails;
        }

        return usage;
    }

    public static JsonArray? StopSequences(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                if (GenAIValues.ParseJson(s) is JsonArray parsed && AllStrings(parsed))
                {
                    return parsed;
                }

                return [(JsonNode)s];
            default:
                return GenAIValues.ToNode(value) is JsonArray array && AllStrings(array) ? array : null;
        }
    }

    private static bool AllStrings(JsonArray array)
    {
        foreach (var item in array)
        {
            if (item is not JsonValue v || !JsonValueTypes.TryGetString(v, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first finish reason of a tag value: a JSON array, a string or a sequence.</summary>
    public static string? FirstFinishReason(object? value, GenAIJsonCache repeated)
    {
        var node = value is string s ? repeated.ParseJson(s) ?? JsonValue.Create(s) : GenAIValues.ToNode(value);
        if (node is JsonArray array)
        {
            node = array.Count > 0 ? array[0] : null;
        }

        return node is JsonValue v && JsonValueTypes.TryGetString(v, out var reason) ? NonEmpty(reason) : null;
    }

    public static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static void Put(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }

    public static void Put(JsonObject json, string key, long? value)
    {
        if (value is not null)
        {
            json[key] = value.Value;
        }
    }

    public static void Put(JsonObject json, string key, double? value)
    {
        if (value is not null)
        {
            json[key] = value.Value;
        }
    }
}
