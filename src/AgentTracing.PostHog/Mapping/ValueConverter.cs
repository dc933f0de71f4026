using System;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// Writes any value a producer stored as JSON owned by the event being built, so the event never references
/// caller objects. Values that cannot be serialised become <c>"[Non-serializable &lt;Type&gt;]"</c>, non-finite
/// numbers likewise, long strings are truncated and unpaired surrogates replaced. Every such repair is added to the
/// caller's <see cref="InputIssues"/>. Objects keep their first key's position and their last key's value, as a
/// <see cref="JsonObject"/> built from them would. The walk is the model's (<see cref="JsonValueWriter"/>), with the
/// exporter's rules (<see cref="ExporterValueRules"/>).
/// </summary>
internal sealed class ValueConverter
{
    /// <summary>The deepest level a value may reach below its top (0): deeper values, and cycles, become placeholders.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses converted values back: they hold up to <see cref="MaxDepth"/> + 1 nested containers.</summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth + 2 };

    private readonly JsonSerializerOptions _options;

    public ValueConverter(JsonSerializerOptions options) => _options = options;

    /// <summary>The placeholder of a value of <paramref name="type"/>.</summary>
    public static string Placeholder(Type type) => $"[Non-serializable {SimpleName(type)}]";

    /// <summary>
    /// Writes <paramref name="value"/> as one JSON value, then flushes <paramref name="writer"/> into
    /// <paramref name="buffer"/>. When the value cannot be written whole, whatever part of it was written is taken back
    /// and its placeholder written instead: when the whole value cannot be written (a cycle, too deep, a getter that
    /// throws, an unsupported type), it becomes the placeholder of its runtime type, <paramref name="failure"/> says why
    /// and <paramref name="issues"/> gets <see cref="InputIssues.UnserializableValue"/>.
    /// </summary>
    public void WriteOrPlaceholder(Utf8JsonWriter writer, ByteBufferWriter buffer, object? value, ref InputIssues issues, out Exception? failure)
    {
        failure = null;
        var start = buffer.WrittenCount;
        var found = InputIssues.None;
        try
        {
            Write(writer, value, 0, ref found);
            writer.Flush();
            issues |= found;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            writer.Reset();
            buffer.Truncate(start);
            failure = ex;
            issues |= InputIssues.UnserializableValue;
            writer.WriteStringValue(Placeholder(value!.GetType()));
            writer.Flush();
        }
    }

    /// <summary>Writes <paramref name="value"/>, found at <paramref name="depth"/> of the value being converted; throws when it cannot be written.</summary>
    public void Write(Utf8JsonWriter writer, object? value, int depth, ref InputIssues issues)
    {
        var rules = new ExporterValueRules(_options);
        try
        {
            JsonValueWriter.Write(writer, value, depth, ref rules);
        }
        finally
        {
            issues |= rules.Issues;
        }
    }

    /// <summary>A node over JSON this class wrote.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> json) => JsonNode.Parse(json, documentOptions: ParseOptions);

    /// <summary><paramref name="value"/> with its unpaired surrogates replaced by U+FFFD, then truncated when too long.</summary>
    public static string Text(string value, ref InputIssues issues)
    {
        var wellFormed = StringLimits.ReplaceLoneSurrogates(value);
        if (!ReferenceEquals(wellFormed, value))
        {
            issues |= InputIssues.LoneSurrogate;
        }

        var text = StringLimits.Truncate(wellFormed);
        if (!ReferenceEquals(text, wellFormed))
        {
            issues |= InputIssues.StringTruncated;
        }

        return text;
    }

    internal static string SimpleName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    internal static bool IsNeverSerializable(Type type) =>
        typeof(System.IO.Stream).IsAssignableFrom(type)
        || typeof(Delegate).IsAssignableFrom(type)
        || typeof(Type).IsAssignableFrom(type)
        || typeof(MemberInfo).IsAssignableFrom(type)
        || typeof(Task).IsAssignableFrom(type)
        || type == typeof(ValueTask)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        || type == typeof(IntPtr)
        || type == typeof(UIntPtr)
        || typeof(WaitHandle).IsAssignableFrom(type)
        || type == typeof(CancellationToken);
}
