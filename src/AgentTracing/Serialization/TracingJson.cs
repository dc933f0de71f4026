using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AgentTracing;

/// <summary>The JSON settings of the tracing model: the reference's camelCase shape, snake_case enums, ISO-8601 times.</summary>
public static class TracingJson
{
    /// <summary>
    /// Options with which <c>JsonSerializer.Deserialize&lt;TracingEvent&gt;(json, TracingJson.Options)</c> (and
    /// <see cref="FeedbackEvent"/>) read the reference's JSON, and serialising writes the same shape back. Non-ASCII text is
    /// not escaped. User objects stored in <c>object?</c> members are serialised by reflection where the runtime allows it;
    /// in trimmed or AOT apps, use <see cref="CreateOptions"/> with a source-generated context that knows them.
    /// Reading bad input (malformed JSON, a duplicate key among the model's members, a value that does not fit the model) throws
    /// <see cref="JsonException"/> only; a <see cref="string"/> argument that is not valid UTF-16 is refused by
    /// <see cref="JsonSerializer"/> itself, with an <see cref="System.ArgumentException"/>, before reading starts
    /// (<see cref="RecordedTrace"/> never throws for either).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(null);

    /// <summary>Creates options like <see cref="Options"/> that also resolve the types of <paramref name="userTypes"/>.</summary>
    /// <param name="userTypes">A resolver (for example a <see cref="JsonSerializerContext"/>) for the application's own types, or <see langword="null"/>.</param>
    /// <returns>Read-only options.</returns>
    public static JsonSerializerOptions CreateOptions(IJsonTypeInfoResolver? userTypes)
    {
        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = CreateResolver(userTypes),
        };
        options.Converters.Add(new JsonBackedObjectConverter());
        options.MakeReadOnly();
        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection is added only when the runtime enables it (not in trimmed or AOT apps).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above.")]
    private static IJsonTypeInfoResolver CreateResolver(IJsonTypeInfoResolver? userTypes)
    {
        var reflection = JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : null;
        return userTypes is null
            ? JsonTypeInfoResolver.Combine(TracingJsonContext.Default, reflection)
            : JsonTypeInfoResolver.Combine(TracingJsonContext.Default, userTypes, reflection);
    }
}
