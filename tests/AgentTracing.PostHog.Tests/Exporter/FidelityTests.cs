using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// What PostHog's ingestion and trace page make of the exporter's events: provider names, supplied costs, token totals
/// per generation and the properties PostHog's own SDKs send. Each test names the PostHog function it protects.
/// </summary>
public sealed class FidelityTests
{
    private static readonly string[] TokenKinds =
    [
        "$ai_input_tokens", "$ai_cache_read_input_tokens", "$ai_cache_creation_input_tokens", "$ai_output_tokens", "$ai_reasoning_tokens",
    ];

    /// <summary>
    /// Cost matching resolves <c>$ai_provider</c> through <c>resolveProviderAliases</c> and the canonical provider list
    /// (nodejs/src/ingestion/ai/costs/provider-matching.ts, providers/canonical-providers.ts), and
    /// <c>matchProvider</c> in input-costs.ts compares it to <c>anthropic</c>: an API-qualified id such as
    /// <c>openai.chat</c> falls back to a default price row. The vendor is sent; the producer's id stays beside it.
    /// </summary>
    [Theory]
    [InlineData("openai.chat", "openai")]
    [InlineData("openai.responses", "openai")]
    [InlineData("anthropic.messages", "anthropic")]
    [InlineData("azure.chat", "azure")]
    [InlineData("az.ai.openai", "azure")]
    [InlineData("google.generative-ai", "gemini")]
    [InlineData("google.vertex.chat", "google-vertex")]
    [InlineData("gcp.vertex_ai", "google-vertex")]
    [InlineData("mistral.chat", "mistral")]
    [InlineData("mistral_ai", "mistral")]
    [InlineData("aws.bedrock", "amazon-bedrock")]
    [InlineData("x_ai", "xai")]
    [InlineData("OpenAI", "openai")]
    public async Task Provider_is_the_vendor_as_posthog_names_it(string provider, string vendor)
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", attr: $$"""{"model":"m","provider":"{{provider}}"}"""));

        var props = h.Single().Properties!;
        Assert.Equal(vendor, (string?)props["$ai_provider"]);
        Assert.Equal(provider, (string?)props["provider_id"]);
    }

    [Fact]
    public async Task A_provider_already_named_as_posthog_names_it_has_no_provider_id()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", attr: """{"model":"m","provider":"anthropic"}"""));

        JsonAssert.Lacks(h.Single().Properties!, "provider_id");
    }

    /// <summary>
    /// PostHog keeps costs the application supplies: <c>processCost</c> returns early when
    /// <c>$ai_input_cost_usd</c> and <c>$ai_output_cost_usd</c> are set and only adds the total
    /// (nodejs/src/ingestion/ai/costs/index.ts). Metadata of those names passes through as numbers.
    /// </summary>
    [Fact]
    public async Task Supplied_costs_in_metadata_pass_through_as_numbers()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation",
            meta: """{"$ai_input_cost_usd":0.0012,"$ai_output_cost_usd":0.0034,"$ai_total_cost_usd":0.0046}""",
            attr: """{"model":"my-finetune","usage":{"inputTokens":100,"outputTokens":20}}"""));

        JsonAssert.Contains("""{"$ai_input_cost_usd":0.0012,"$ai_output_cost_usd":0.0034,"$ai_total_cost_usd":0.0046}""", h.Single().Properties!);
    }

    /// <summary>
    /// PostHog sums tokens over every <c>$ai_generation</c> of a trace (the trace query's totals, and
    /// <c>aggregateSpanMetrics</c> under <c>restoreTree</c> on the trace page). Consistent steps: the steps carry the
    /// tokens and the generation none, so the sum is the generation's usage, once.
    /// </summary>
    [Fact]
    public async Task Tokens_summed_over_a_generation_and_its_steps_equal_its_usage_when_the_steps_add_up()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", "agent_run", root: true)), Start(Span("g", "model_generation", parent: "r")));
        await h.Life(Span("s0", "model_step", parent: "g", attr: """{"usage":{"inputTokens":600,"outputTokens":12,"inputDetails":{"cacheRead":512}}}"""));
        await h.Life(Span("s1", "model_step", parent: "g", attr: """{"usage":{"inputTokens":640,"outputTokens":12,"inputDetails":{"cacheRead":512}}}"""));
        await h.Send(End(Span("g", "model_generation", parent: "r", attr: """{"usage":{"inputTokens":1240,"outputTokens":24,"inputDetails":{"cacheRead":1024}}}""")));

        Assert.Equal(new JsonObject { ["$ai_input_tokens"] = 1240.0, ["$ai_cache_read_input_tokens"] = 1024.0, ["$ai_output_tokens"] = 24.0 }.ToJsonString(), Totals(h).ToJsonString());
        JsonAssert.Lacks(h.PropsFor("g"), "$ai_input_tokens", "$ai_output_tokens", "$ai_cache_read_input_tokens");
    }

    /// <summary>
    /// The recorded reference scenario: a generation of 1000/200 tokens with 800 cache reads whose one step reported
    /// 500/100 and no cache. The generation sends what its step left over, so input and output still sum to 1000/200;
    /// its 800 cache reads are capped at its remaining 500 input tokens, because PostHog's <c>calculateInputCost</c>
    /// would otherwise price the uncached rest below zero.
    /// </summary>
    [Fact]
    public async Task A_generation_whose_steps_do_not_add_up_sends_the_rest()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", "agent_run", root: true)), Start(Span("g", "model_generation", parent: "r")));
        await h.Life(Span("s0", "model_step", parent: "g", attr: """{"usage":{"inputTokens":500,"outputTokens":100}}"""));
        await h.Send(End(Span("g", "model_generation", parent: "r", attr: """{"model":"claude-sonnet-4","usage":{"inputTokens":1000,"outputTokens":200,"inputDetails":{"cacheRead":800}}}""")));

        JsonAssert.Contains("""{"$ai_input_tokens":500,"$ai_cache_read_input_tokens":500,"$ai_output_tokens":100,"$ai_cache_reporting_exclusive":false}""", h.PropsFor("g"));
        var totals = Totals(h);
        Assert.Equal(1000, (double)totals["$ai_input_tokens"]!);
        Assert.Equal(200, (double)totals["$ai_output_tokens"]!);
        Assert.All(h.Events.Where(e => e.EventName == "$ai_generation"), e =>
            Assert.True(((double?)e.Properties!["$ai_cache_read_input_tokens"] ?? 0) <= ((double?)e.Properties!["$ai_input_tokens"] ?? 0)));
    }

    /// <summary>A step that ends after its generation was sent sends no tokens: the generation already counted them, and PostHog would count them twice.</summary>
    [Fact]
    public async Task A_step_ending_after_its_generation_sends_no_tokens()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("r", "agent_run", root: true)), Start(Span("g", "model_generation", parent: "r")), Start(Span("s0", "model_step", parent: "g")));
        await h.Send(End(Span("g", "model_generation", parent: "r", attr: """{"usage":{"inputTokens":100,"outputTokens":10}}""")));
        await h.Send(End(Span("s0", "model_step", parent: "g", attr: """{"usage":{"inputTokens":100,"outputTokens":10}}""")));

        Assert.Equal(100, (double)Totals(h)["$ai_input_tokens"]!);
        JsonAssert.Lacks(h.PropsFor("s0"), "$ai_input_tokens", "$ai_output_tokens");
    }

    /// <summary>
    /// The properties PostHog's own SDKs send about a call: <c>$ai_stop_reason</c>, <c>$ai_time_to_first_token</c>
    /// (seconds), <c>$ai_base_url</c>, and <c>$ai_model_parameters</c>, from which <c>extractCoreModelParams</c>
    /// (nodejs/src/ingestion/ai/costs/index.ts) reads <c>temperature</c> again, to the same value.
    /// </summary>
    [Fact]
    public async Task A_call_carries_stop_reason_time_to_first_token_base_url_and_all_parameters()
    {
        await using var h = new ExporterHarness();

        await h.Life(Span("g", "model_generation", attr: """
            {"model":"gpt-4o","provider":"openai.chat","parameters":{"temperature":0.2,"maxOutputTokens":512,"topP":0.9},
             "finishReason":"stop","completionStartTime":"2025-01-01T00:00:00.420Z","serverAddress":"api.openai.com","serverPort":443}
            """));

        JsonAssert.Contains("""
            {"$ai_temperature":0.2,"$ai_max_tokens":512,"$ai_model_parameters":{"temperature":0.2,"maxOutputTokens":512,"topP":0.9},
             "$ai_stop_reason":"stop","$ai_time_to_first_token":0.42,"$ai_base_url":"api.openai.com:443"}
            """, h.Single().Properties!);
    }

    /// <summary>
    /// The time of the first token is read as the typed model reads it (<see cref="ModelGenerationAttributes.CompletionStartTime"/>):
    /// Unix epoch milliseconds as well as text. PostHog shows <c>$ai_time_to_first_token</c> as seconds beside each
    /// generation of a trace (<c>_get_event_summary</c> of its trace text formatter).
    /// </summary>
    [Fact]
    public async Task A_first_token_time_in_epoch_milliseconds_gives_the_time_to_first_token()
    {
        await using var h = new ExporterHarness();
        var span = Span("g", "model_generation", attr: """{"model":"gpt-4o"}""");
        span.Attributes!.Json["completionStartTime"] = span.StartTime.AddMilliseconds(420).ToUnixTimeMilliseconds();

        await h.Life(span);

        Assert.Equal(0.42, (double)h.Single().Properties!["$ai_time_to_first_token"]!);
    }

    [Fact]
    public async Task A_step_inherits_its_generations_parameters_and_endpoint_but_keeps_its_own_stop_reason()
    {
        await using var h = new ExporterHarness();

        await h.Send(Start(Span("g", "model_generation", parent: "r", attr: """{"model":"gpt-4o","parameters":{"temperature":0.2},"serverAddress":"localhost"}""")));
        await h.Life(Span("s0", "model_step", parent: "g", attr: """{"finishReason":"tool-calls"}"""));

        JsonAssert.Contains("""{"$ai_model_parameters":{"temperature":0.2},"$ai_stop_reason":"tool-calls","$ai_base_url":"localhost"}""", h.PropsFor("s0"));
    }

    /// <summary>The per-kind sums over the trace's generations, as PostHog's trace totals add them.</summary>
    private static JsonObject Totals(ExporterHarness h)
    {
        var totals = new JsonObject();
        foreach (var kind in TokenKinds)
        {
            var sum = h.Events.Where(e => e.EventName == "$ai_generation").Sum(e => (double?)e.Properties![kind] ?? 0);
            if (h.Events.Any(e => e.EventName == "$ai_generation" && e.Properties!.ContainsKey(kind)))
            {
                totals[kind] = sum;
            }
        }

        return totals;
    }
}
