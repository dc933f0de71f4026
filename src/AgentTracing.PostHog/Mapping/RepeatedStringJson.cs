using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog;

/// <summary>
/// The JSON text of long strings that are written again and again, kept by string instance. A system prompt goes into
/// the input of every generation of a conversation, and of the agent or tool loop around them: writing it the second
/// time on is a copy, instead of a check for lone surrogates, escaping and transcoding to UTF-8 each time.
/// </summary>
/// <remarks>
/// A small table shared by all threads, in the manner of the JSON readers' string cache: each slot holds the last
/// string seen in it. A string's text is kept the second time it is written in a row, so text written once costs
/// nothing more. Strings cannot change, so the same instance always has the same JSON; strings outside
/// <see cref="MinChars"/>…<see cref="MaxChars"/> are not kept, so the table holds a few hundred kilobytes of ordinary
/// text, and 1.5 MB at most (every character escaped).
/// </remarks>
internal static class RepeatedStringJson
{
    /// <summary>The shortest string kept: shorter ones cost little to write.</summary>
    public const int MinChars = 256;

    /// <summary>The longest string kept.</summary>
    public const int MaxChars = 8192;

    private const int Slots = 32;
    private static readonly Entry?[] Table = new Entry?[Slots];

    /// <summary>
    /// Writes <paramref name="value"/> as <see cref="ValueConverter.Text"/> makes it, from the table when this instance was
    /// written before; <see langword="false"/> when the string is not one this table keeps or the writer does not
    /// escape as the wire does, and nothing was written.
    /// </summary>
    public static bool TryWrite(Utf8JsonWriter writer, string value, ref InputIssues issues)
    {
        if (value.Length is < MinChars or > MaxChars || writer.Options.Indented || writer.Options.Encoder != EventSerializer.WriterOptions.Encoder)
        {
            return false;
        }

        var slot = RuntimeHelpers.GetHashCode(value) & (Slots - 1);
        var entry = Volatile.Read(ref Table[slot]);
        if (entry is null || !ReferenceEquals(entry.Source, value))
        {
            // First time in a row: remembered, and written as usual.
            Volatile.Write(ref Table[slot], new Entry(value, null, default));
            return false;
        }

        if (entry.Json is null)
        {
            var entryIssues = default(InputIssues);
            var text = ValueConverter.Text(value, ref entryIssues);
            var buffer = new ByteBufferWriter(text.Length + 2);
            JsonStringBytes.Write(buffer, text);
            entry = new Entry(value, buffer.WrittenSpan.ToArray(), entryIssues);
            Volatile.Write(ref Table[slot], entry);
        }

        writer.WriteRawValue(entry.Json!, skipInputValidation: true);
        issues |= entry.Issues;
        return true;
    }

    private sealed record Entry(string Source, byte[]? Json, InputIssues Issues);
}
