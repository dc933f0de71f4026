using System;
using System.Text.Json.Nodes;
using AgentTracing.PostHog.Tests.Support;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// The converter's cache of tag texts that repeat from call to call (tool definitions, instructions, finish reasons):
/// one parse per distinct text, and bounded whatever the application sends.
/// </summary>
public sealed class GenAIJsonCacheTests
{
    [Fact]
    public void The_same_text_in_another_string_is_parsed_once()
    {
        var cache = new GenAIJsonCache();
        const string Text = """[{"type":"function","name":"get_weather"}]""";

        var first = cache.ParseJson(new string(Text.AsSpan()));
        var second = cache.ParseJson(new string(Text.AsSpan()));

        Assert.Same(first, second);
        JsonAssert.Equal(Text, first);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Text_that_is_not_json_is_remembered_as_not_json()
    {
        var cache = new GenAIJsonCache();

        Assert.Null(cache.ParseJson("stop"));
        Assert.Null(cache.ParseJson("stop"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_text_longer_than_the_limit_is_parsed_every_time_and_not_kept()
    {
        var cache = new GenAIJsonCache();
        var text = "\"" + new string('a', GenAIJsonCache.MaxTextChars) + "\"";

        var first = cache.ParseJson(text);
        var second = cache.ParseJson(text);

        Assert.NotSame(first, second);
        Assert.Equal(text.Length - 2, ((string?)first)!.Length);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void More_distinct_texts_than_it_keeps_make_it_start_again()
    {
        var cache = new GenAIJsonCache();
        for (var i = 0; i < GenAIJsonCache.MaxEntries; i++)
        {
            cache.ParseJson($"[{i}]");
        }

        Assert.Equal(GenAIJsonCache.MaxEntries, cache.Count);
        Assert.Equal(64, (int?)cache.ParseJson("[64]")![0]);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Texts_over_its_character_budget_make_it_start_again()
    {
        var cache = new GenAIJsonCache();
        var each = GenAIJsonCache.MaxTextChars;
        var fit = GenAIJsonCache.MaxChars / each;
        for (var i = 0; i < fit; i++)
        {
            cache.ParseJson("\"" + new string((char)('a' + i), each - 2) + "\"");
        }

        Assert.Equal(fit, cache.Count);
        cache.ParseJson("\"" + new string('z', each - 2) + "\"");
        Assert.Equal(1, cache.Count);
    }
}
