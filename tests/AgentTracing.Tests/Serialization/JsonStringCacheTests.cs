using System;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AgentTracing.Tests.Serialization;

/// <summary>
/// The string cache behind every key and string the JSON readers read: it may give a string read before, but only ever
/// one with the same text.
/// </summary>
public sealed class JsonStringCacheTests
{
    [Fact]
    public void Every_text_reads_back_exactly_whatever_its_length_and_however_alike_the_texts_are()
    {
        // Texts that share their first and last 16 bytes and differ only in the middle or in length land in the same
        // slots; the cache must tell them apart.
        var texts = Enumerable.Range(1, 120)
            .SelectMany(length => new[] { new string('a', length), Middle(length, 'b'), Middle(length, 'c') })
            .Concat(["é", "naïve café", "\u20AC", "tab\there", "quote\"d", "a\\b", "🌤 sunny", new string('x', 8192), new string('y', 8193)])
            .ToList();

        for (var round = 0; round < 3; round++)
        {
            foreach (var text in texts)
            {
                Assert.Equal(text, Read(JsonSerializer.Serialize(text)));
            }
        }
    }

    [Fact]
    public void Ascii_text_read_again_is_the_same_string_instance()
    {
        // Other tests share the cache and may take a slot between two reads: one of two consecutive pairs must match.
        foreach (var text in new[] { "id", "model_generation", new string('k', 48), new string('p', 49), new string('s', 2048) })
        {
            var json = JsonSerializer.Serialize(text);
            var (first, second, third) = (Read(json), Read(json), Read(json));
            Assert.True(ReferenceEquals(first, second) || ReferenceEquals(second, third), $"'{text[..Math.Min(text.Length, 20)]}' was decoded again");
        }
    }

    private static string Middle(int length, char middle)
    {
        var chars = Enumerable.Repeat('a', length).ToArray();
        chars[length / 2] = middle;
        return new string(chars);
    }

    private static string Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return JsonStringCache.GetString(ref reader);
    }
}
