using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AgentTracing.PostHog;

/// <summary>
/// The serializer options the exporter uses for producers' objects: the model's camelCase shape, placeholders for
/// members that can never be serialised and for non-finite numbers, and a depth limit of 64. Metadata comes from the
/// model's source-generated context, then from the application's resolver (<see cref="PosthogExporterOptions.JsonTypeInfoResolver"/>),
/// then from reflection, which is used only where the runtime enables it; elsewhere an unknown POCO becomes a placeholder.
/// </summary>
internal static class ExporterJson
{
    /// <summary>The options without an application resolver.</summary>
    public static JsonSerializerOptions Options { get; } = Create(null, ReflectionResolverIfEnabled());

    /// <summary>The options for an exporter: <see cref="Options"/> when <paramref name="applicationResolver"/> is <see langword="null"/>.</summary>
    public static JsonSerializerOptions For(IJsonTypeInfoResolver? applicationResolver) =>
        applicationResolver is null ? Options : Create(applicationResolver, ReflectionResolverIfEnabled());

    /// <summary>
    /// Builds read-only options whose metadata comes from the model's context, then <paramref name="applicationResolver"/>,
    /// then <paramref name="reflectionResolver"/> (tests pass <see langword="null"/> to behave as a trimmed or AOT app).
    /// </summary>
    internal static JsonSerializerOptions Create(IJsonTypeInfoResolver? applicationResolver, IJsonTypeInfoResolver? reflectionResolver)
    {
        var resolvers = new System.Collections.Generic.List<IJsonTypeInfoResolver> { TracingJsonContext.Default };
        if (applicationResolver is not null)
        {
            resolvers.Add(applicationResolver);
        }

        if (reflectionResolver is not null)
        {
            resolvers.Add(reflectionResolver);
        }

        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            MaxDepth = 64,
            ReferenceHandler = null,
            TypeInfoResolver = resolvers.Count == 1 ? resolvers[0] : JsonTypeInfoResolver.Combine(resolvers.ToArray()),
        };
        options.Converters.Add(new PlaceholderConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    // The feature switch is read here, at the call, so that trimmed and AOT apps (where it is false) drop the reflection resolver.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection is added only when the runtime enables it (not in trimmed or AOT apps).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above.")]
    private static DefaultJsonTypeInfoResolver? ReflectionResolverIfEnabled() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : null;

    /// <summary>Writes <c>"[Non-serializable &lt;Type&gt;]"</c> for streams, delegates, types, tasks, handles, tokens and non-finite numbers.</summary>
    private sealed class PlaceholderConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert == typeof(double) || typeToConvert == typeof(float)
#if NET5_0_OR_GREATER
            || typeToConvert == typeof(Half)
#endif
            || ValueConverter.IsNeverSerializable(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        {
            if (typeToConvert == typeof(double))
            {
                return new DoubleConverter();
            }

            if (typeToConvert == typeof(float))
            {
                return new SingleConverter();
            }
#if NET5_0_OR_GREATER
            if (typeToConvert == typeof(Half))
            {
                return new HalfConverter();
            }
#endif
            if (typeToConvert == typeof(IntPtr))
            {
                return new PlaceholderConverter<IntPtr>();
            }

            if (typeToConvert == typeof(UIntPtr))
            {
                return new PlaceholderConverter<UIntPtr>();
            }

            if (typeToConvert == typeof(System.Threading.CancellationToken))
            {
                return new PlaceholderConverter<System.Threading.CancellationToken>();
            }

            if (typeToConvert == typeof(System.Threading.Tasks.ValueTask))
            {
                return new PlaceholderConverter<System.Threading.Tasks.ValueTask>();
            }

            return CreateForReferenceType(typeToConvert);
        }

        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reference types reach this point; their instantiations share code.")]
        private static JsonConverter CreateForReferenceType(Type type) =>
            type.IsValueType
                ? new PlaceholderConverter<object>()
                : (JsonConverter)Activator.CreateInstance(typeof(PlaceholderConverter<>).MakeGenericType(type))!;
    }

    private sealed class PlaceholderConverter<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ValueConverter.Placeholder(value?.GetType() ?? typeof(T)));
    }

    private sealed class DoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                writer.WriteStringValue("[Non-serializable Double]");
            }
            else
            {
                writer.WriteNumberValue(value);
            }
        }
    }

    private sealed class SingleConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                writer.WriteStringValue("[Non-serializable Single]");
            }
            else
            {
                writer.WriteNumberValue(value);
            }
        }
    }

#if NET5_0_OR_GREATER
    private sealed class HalfConverter : JsonConverter<Half>
    {
        public override Half Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => (Half)reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, Half value, JsonSerializerOptions options)
        {
            if (Half.IsNaN(value) || Half.IsInfinity(value))
            {
                writer.WriteStringValue("[Non-serializable Half]");
            }
            else
            {
                writer.WriteNumberValue((double)value);
            }
        }
    }
#endif
}
