using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// Usage → token properties, one row per shape. PostHog prices them in <c>calculateInputCost</c> /
/// <c>resolveCacheReportingExclusive</c> (nodejs/src/ingestion/ai/costs/input-costs.ts) and <c>calculateOutputCost</c>
/// (output-costs.ts): input tokens are gross, so every generation with cache tokens says
/// <c>$ai_cache_reporting_exclusive: false</c>, and cache tokens never exceed input tokens (the uncached rest would be
/// priced below zero).
/// </summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData(null, "{}")]
    [InlineData("{}", "{}")]
    [InlineData("""{"inputTokens":100,"outputTokens":50}""", """{"$ai_input_tokens":100,"$ai_output_tokens":50}""")]
    [InlineData("""{"inputTokens":1000,"outputTokens":200,"inputDetails":{"cacheRead":800}}""", """{"$ai_input_tokens":1000,"$ai_cache_read_input_tokens":800,"$ai_output_tokens":200,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"inputTokens":1000,"outputTokens":200,"inputDetails":{"cacheWrite":500}}""", """{"$ai_input_tokens":1000,"$ai_cache_creation_input_tokens":500,"$ai_output_tokens":200,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"inputTokens":31067,"outputTokens":169,"inputDetails":{"cacheRead":24440,"cacheWrite":1000}}""", """{"$ai_input_tokens":31067,"$ai_cache_read_input_tokens":24440,"$ai_cache_creation_input_tokens":1000,"$ai_output_tokens":169,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"inputTokens":100,"outputTokens":50,"inputDetails":{"cacheRead":150}}""", """{"$ai_input_tokens":100,"$ai_cache_read_input_tokens":100,"$ai_output_tokens":50,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"inputTokens":100,"outputTokens":50,"inputDetails":{"cacheRead":80,"cacheWrite":50}}""", """{"$ai_input_tokens":100,"$ai_cache_read_input_tokens":80,"$ai_cache_creation_input_tokens":20,"$ai_output_tokens":50,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"inputTokens":1000,"inputDetails":{"cacheWrite":100,"cacheWrite5m":60,"cacheWrite1h":40}}""", """{"$ai_input_tokens":1000,"$ai_cache_creation_input_tokens":100,"$ai_cache_creation_5m_input_tokens":60,"$ai_cache_creation_1h_input_tokens":40,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"outputTokens":5,"inputDetails":{"cacheRead":3}}""", """{"$ai_cache_read_input_tokens":0,"$ai_output_tokens":5,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"inputTokens":0,"outputTokens":0,"inputDetails":{"cacheRead":0}}""", """{"$ai_input_tokens":0,"$ai_cache_read_input_tokens":0,"$ai_output_tokens":0,"$ai_cache_reporting_exclusive":false}""")]
    [InlineData("""{"inputTokens":10,"outputTokens":20,"outputDetails":{"reasoning":15}}""", """{"$ai_input_tokens":10,"$ai_output_tokens":20,"$ai_reasoning_tokens":15}""")]
    public async Task Usage_row(string? usage, string expectedTokens)
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", root: false, attr: usage is null ? null : $$"""{"usage":{{usage}}}"""));

        var props = h.Single().Properties!;
        var tokens = new System.Text.Json.Nodes.JsonObject(props.Where(p => UsageProperties.TokenKeys.Contains(p.Key))
            .Select(p => new System.Collections.Generic.KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>(p.Key, p.Value?.DeepClone())));
        JsonAssert.Equal(expectedTokens, tokens);
        Assert.All(props.Where(p => p.Key.EndsWith("_tokens", System.StringComparison.Ordinal)), p => Assert.Equal(System.Text.Json.JsonValueKind.Number, p.Value!.GetValueKind()));
    }

    /// <summary>
    /// PostHog adds <c>$ai_reasoning_tokens</c> to the text output of Gemini 2.5 and 3 models when it prices them
    /// (<c>mustAddReasoningCost</c> in output-costs.ts); our output tokens already include reasoning, so the exporter
    /// gives it the text part (<c>$ai_text_output_tokens</c>) and reasoning is priced once. Other models keep only the
    /// gross count.
    /// </summary>
    [Theory]
    [InlineData("gemini-2.5-pro", """{"$ai_input_tokens":10,"$ai_output_tokens":120,"$ai_reasoning_tokens":100,"$ai_text_output_tokens":20}""")]
    [InlineData("gemini-3-flash", """{"$ai_input_tokens":10,"$ai_output_tokens":120,"$ai_reasoning_tokens":100,"$ai_text_output_tokens":20}""")]
    [InlineData("o3-mini", """{"$ai_input_tokens":10,"$ai_output_tokens":120,"$ai_reasoning_tokens":100}""")]
    public async Task Reasoning_tokens_are_priced_once(string model, string expectedTokens)
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", attr: "{\"model\":\"" + model + "\",\"usage\":{\"inputTokens\":10,\"outputTokens\":120,\"outputDetails\":{\"reasoning\":100}}}"));

        var props = h.Single().Properties!;
        var tokens = new System.Text.Json.Nodes.JsonObject(props.Where(p => UsageProperties.TokenKeys.Contains(p.Key))
            .Select(p => new System.Collections.Generic.KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>(p.Key, p.Value?.DeepClone())));
        JsonAssert.Equal(expectedTokens, tokens);
    }
}
