using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>§14.1: usage → token properties; each row of the table, and no other token keys.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData(null, "{}")]
    [InlineData("{}", "{}")]
    [InlineData("""{"inputTokens":100,"outputTokens":50}""", """{"$ai_input_tokens":100,"$ai_output_tokens":50}""")]
    [InlineData("""{"inputTokens":1000,"outputTokens":200,"inputDetails":{"cacheRead":800}}""", """{"$ai_input_tokens":1000,"$ai_cache_read_input_tokens":800,"$ai_output_tokens":200}""")]
    [InlineData("""{"inputTokens":1000,"outputTokens":200,"inputDetails":{"cacheWrite":500}}""", """{"$ai_input_tokens":1000,"$ai_cache_creation_input_tokens":500,"$ai_output_tokens":200}""")]
    [InlineData("""{"inputTokens":31067,"outputTokens":169,"inputDetails":{"cacheRead":24440,"cacheWrite":1000}}""", """{"$ai_input_tokens":31067,"$ai_cache_read_input_tokens":24440,"$ai_cache_creation_input_tokens":1000,"$ai_output_tokens":169}""")]
    [InlineData("""{"inputTokens":100,"outputTokens":50,"inputDetails":{"cacheRead":150}}""", """{"$ai_input_tokens":100,"$ai_cache_read_input_tokens":150,"$ai_output_tokens":50}""")]
    [InlineData("""{"inputTokens":1000,"inputDetails":{"cacheWrite":100,"cacheWrite5m":60,"cacheWrite1h":40}}""", """{"$ai_input_tokens":1000,"$ai_cache_creation_input_tokens":100,"$ai_cache_creation_5m_input_tokens":60,"$ai_cache_creation_1h_input_tokens":40}""")]
    [InlineData("""{"outputTokens":5,"inputDetails":{"cacheRead":3}}""", """{"$ai_cache_read_input_tokens":3,"$ai_output_tokens":5}""")]
    [InlineData("""{"inputTokens":0,"outputTokens":0,"inputDetails":{"cacheRead":0}}""", """{"$ai_input_tokens":0,"$ai_cache_read_input_tokens":0,"$ai_output_tokens":0}""")]
    [InlineData("""{"inputTokens":10,"outputTokens":20,"outputDetails":{"reasoning":15}}""", """{"$ai_input_tokens":10,"$ai_output_tokens":20}""")]
    public async Task Usage_row(string? usage, string expectedTokens)
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", parent: "p", attr: usage is null ? null : $$"""{"usage":{{usage}}}"""));

        var props = h.Single().Properties!;
        var tokens = new System.Text.Json.Nodes.JsonObject(props.Where(p => p.Key.EndsWith("_tokens", System.StringComparison.Ordinal))
            .Select(p => new System.Collections.Generic.KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>(p.Key, p.Value?.DeepClone())));
        JsonAssert.Equal(expectedTokens, tokens);
        Assert.All(UsageProperties.TokenKeys.Where(props.ContainsKey), key => Assert.Equal(System.Text.Json.JsonValueKind.Number, props[key]!.GetValueKind()));
    }
}
