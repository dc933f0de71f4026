using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// Reads JSON strings that may not decode. JSON text may escape a lone UTF-16 surrogate (<c>"\ud83d"</c>): it is valid
/// JSON, and JavaScript producers write it whenever they cut a string inside an emoji, but System.Text.Json throws
/// when asked for such a string. These readers replace every unpaired surrogate with U+FFFD instead.
/// </summary>
internal static class JsonStrings
{
    /// <summary>The value of a string element; <paramref name="repaired"/> says whether a lone surrogate was replaced.</summary>
    public static string Read(JsonElement element, out bool repaired)
    {
        try
        {
            repaired = false;
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            repaired = true;
            return Unescape(element.GetRawText());
        }
    }

    /// <summary>The value of a string node (parsed or created from a CLR string).</summary>
    public static string Read(JsonValue value) =>
        JsonValueTypes.TryGetCreatedString(value, out var text) ? text
        : value.TryGetValue(out JsonElement element) ? Read(element, out _)
        : value.GetValue<string>();

    /// <summary>The name of a property; <paramref name="repaired"/> says whether a lone surrogate was replaced.</summary>
    public static string Name(JsonProperty property, out bool repaired)
    {
        try
        {
            repaired = false;
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            // ToString() is the property's raw text: the quoted name, a colon, the value.
            repaired = true;
            return Unescape(property.ToString());
        }
    }

    /// <summary>Decodes the (well-formed) JSON string token at the start of <paramref name="raw"/>.</summary>
    private static string Unescape(string raw)
    {
        var text = new StringBuilder(raw.Length);
        var i = 1;
        while (i < raw.Length && raw[i] != '"')
        {
            var c = raw[i++];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            var escape = raw[i++];
            switch (escape)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u':
                    text.Append((char)Convert.ToUInt16(raw.Substring(i, 4), 16));
                    i += 4;
                    break;
                default: text.Append(escape); break;
            }
        }

        return StringLimits.ReplaceLoneSurrogates(text.ToString());
    }
}
