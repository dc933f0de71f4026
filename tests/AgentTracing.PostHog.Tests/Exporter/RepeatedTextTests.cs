using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// A long text written again and again (a system prompt is in every generation's <c>$ai_input</c>) is written from its
/// kept JSON from the second time on. What PostHog receives must not change: the conversation
/// <c>normalizeMessages</c> (products/llm_analytics/frontend/utils.ts) shows is the same text in every generation,
/// escaped and repaired as the first time.
/// </summary>
public sealed class RepeatedTextTests
{
    private static readonly string Prompt = string.Concat(Enumerable.Range(0, 40).Select(i =>
        $"Rule {i}: quote \"exactly\", keep <tags> & new\nlines, café, 🌤 and tabs\t. "));

    [Fact]
    public async Task A_prompt_in_every_generation_reaches_posthog_the_same_each_time()
    {
        await using var harness = new ExporterHarness();
        var input = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = Prompt },
            new JsonObject { ["role"] = "user", ["content"] = "Hi" });

        for (var i = 0; i < 3; i++)
        {
            await harness.Life(Spans.Span($"g{i}", "model_generation", root: true, traceId: $"t{i}", input: input.DeepClone()));
        }

        var expected = $$"""[{"role":"system","content":[{"type":"text","text":{{JsonSerializer.Serialize(Prompt)}}}]},{"role":"user","content":[{"type":"text","text":"Hi"}]}]""";
        foreach (var id in new[] { "g0", "g1", "g2" })
        {
            JsonAssert.Equal(expected, harness.PropsFor(id)["$ai_input"]);
        }
    }

    [Fact]
    public async Task A_repaired_text_is_reported_each_time_it_is_written()
    {
        // A cut-off emoji (a lone surrogate) is repaired to U+FFFD; an exporter that writes the kept JSON still says so.
        var cut = Prompt + "\uD83C";
        JsonArray Input() => [new JsonObject { ["role"] = "system", ["content"] = cut }];
        await using (var first = new ExporterHarness())
        {
            await first.Life(Spans.Span("a", "model_generation", root: true, traceId: "ta", input: Input()));
            await first.Life(Spans.Span("b", "model_generation", root: true, traceId: "tb", input: Input()));
        }

        await using var second = new ExporterHarness();
        await second.Life(Spans.Span("c", "model_generation", root: true, traceId: "tc", input: Input()));

        var text = second.PropsFor("c")["$ai_input"]![0]!["content"]![0]!["text"]!.GetValue<string>();
        Assert.Equal(Prompt + "\uFFFD", text);
        Assert.Contains(second.Logs, l => l.Level == LogLevel.Debug && l.Message.Contains("unpaired UTF-16 surrogates", StringComparison.Ordinal));
    }

    [Fact]
    public void Kept_json_is_byte_for_byte_what_the_writer_writes()
    {
        foreach (var text in new[] { Prompt, Prompt + "\uDC00 tail", new string('é', RepeatedStringJson.MaxChars) })
        {
            var expectedIssues = default(InputIssues);
            var expected = Written(w => w.WriteStringValue(ValueConverter.Text(text, ref expectedIssues)));

            // The first write in a row only remembers the instance; another test may take the slot in between.
            var issues = default(InputIssues);
            var kept = false;
            byte[]? actual = null;
            for (var attempt = 0; attempt < 5 && !kept; attempt++)
            {
                actual = Written(w => kept = RepeatedStringJson.TryWrite(w, text, ref issues));
            }

            Assert.True(kept);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual!));
            Assert.Equal(expectedIssues, issues);
        }
    }

    [Fact]
    public void Short_and_very_long_strings_are_not_kept()
    {
        var issues = default(InputIssues);
        foreach (var text in new[] { new string('s', RepeatedStringJson.MinChars - 1), new string('l', RepeatedStringJson.MaxChars + 1) })
        {
            Assert.False(Written(w => Assert.False(RepeatedStringJson.TryWrite(w, text, ref issues))).Length > 0);
            Assert.False(Written(w => Assert.False(RepeatedStringJson.TryWrite(w, text, ref issues))).Length > 0);
        }
    }

    private static byte[] Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, EventSerializer.WriterOptions))
        {
            write(writer);
        }

        return stream.ToArray();
    }
}
