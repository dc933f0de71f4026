using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Serialization;

/// <summary>
/// The mapper reads strings and numbers of JSON values by their runtime type, skipping the generic virtual calls of
/// <c>TryGetValue</c>. These tests pin what that relies on: a created string's <c>ToString()</c> is the string itself,
/// whatever it contains, and values of any other origin still read as before.
/// </summary>
public class JsonValueTypesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ newline \n tab \t")]
    [InlineData("{\"looks\":\"like json\"}")]
    [InlineData("lone \ud800 surrogate")]
    [InlineData("emoji 😀 and é")]
    public void A_created_string_reads_back_exactly(string text)
    {
        var value = JsonValue.Create(text);

        Assert.True(JsonValueTypes.TryGetCreatedString(value, out var created));
        Assert.Equal(text, created);
        Assert.True(JsonValueTypes.TryGetString(value, out var read));
        Assert.Equal(text, read);
        Assert.Equal(text, JsonValueTypes.GetString(value));
    }

    [Fact]
    public void A_parsed_string_is_not_taken_for_a_created_one_but_still_reads()
    {
        var parsed = (JsonValue)JsonNode.Parse("\"a \\\"quoted\\\" word\"")!;
        var element = JsonValue.Create(JsonDocument.Parse("\"from an element\"").RootElement)!;

        Assert.False(JsonValueTypes.TryGetCreatedString(parsed, out _));
        Assert.True(JsonValueTypes.TryGetString(parsed, out var text));
        Assert.Equal("a \"quoted\" word", text);
        Assert.Equal("from an element", JsonValueTypes.GetString(element));
    }

    [Fact]
    public void Numbers_and_booleans_are_not_strings()
    {
        Assert.False(JsonValueTypes.TryGetString(JsonValue.Create(42), out _));
        Assert.False(JsonValueTypes.TryGetString(JsonValue.Create(true), out _));
        Assert.False(JsonValueTypes.TryGetString((JsonValue)JsonNode.Parse("7")!, out _));
    }

    [Fact]
    public void Numbers_of_every_origin_read_the_same()
    {
        JsonValue[] sevens = [JsonValue.Create(7), JsonValue.Create(7L), JsonValue.Create(7d), JsonValue.Create((short)7), JsonValue.Create(7m), (JsonValue)JsonNode.Parse("7")!];
        foreach (var seven in sevens)
        {
            Assert.True(JsonNumbers.TryGetInt64(seven, out var l));
            Assert.Equal(7, l);
            Assert.True(JsonNumbers.TryGetDouble(seven, out var d));
            Assert.Equal(7d, d);
        }

        Assert.False(JsonNumbers.TryGetInt64(JsonValue.Create(7.5), out _));
        Assert.False(JsonNumbers.TryGetInt64(JsonValue.Create("7"), out _));
        Assert.False(JsonNumbers.TryGetDouble(JsonValue.Create("7"), out _));
    }
}
