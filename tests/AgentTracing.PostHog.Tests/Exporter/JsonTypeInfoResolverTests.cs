using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Exporter.ApplicationTypes;
using AgentTracing.PostHog.Tests.Support;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// <see cref="PosthogExporterOptions.JsonTypeInfoResolver"/>: the application's own types serialise through its resolver,
/// also where reflection is disabled (trimmed and NativeAOT apps), and what no resolver knows becomes a placeholder there.
/// </summary>
public sealed class JsonTypeInfoResolverTests
{
    private static WeatherReport Report() => new()
    {
        City = "Paris",
        TemperatureC = double.NaN,
        Forecasts = [new Forecast { Day = "Mon", Summary = "Rain" }],
    };

    private const string ReportJson = """
        {"city":"Paris","temperatureC":"[Non-serializable Double]","forecasts":[{"day":"Mon","summary":"Rain"}]}
        """;

    [Fact]
    public void Without_reflection_an_application_type_no_resolver_knows_becomes_a_placeholder()
    {
        var converter = new ValueConverter(ExporterJson.Create(applicationResolver: null, reflectionResolver: null));

        var node = ConvertWithIssues(converter, Report(), out var failure);

        Assert.Equal("[Non-serializable WeatherReport]", (string?)node);
        Assert.NotNull(failure);
    }

    [Fact]
    public void Without_reflection_the_application_context_serialises_its_types_in_the_exporter_shape()
    {
        var converter = new ValueConverter(ExporterJson.Create(AppJsonContext.Default, reflectionResolver: null));

        var node = ConvertWithIssues(converter, Report(), out var failure);

        Assert.Null(failure);
        JsonAssert.Equal(ReportJson, node);
        Assert.Equal("[Non-serializable UnknownToTheApp]", (string?)ConvertWithIssues(converter, new UnknownToTheApp { Name = "x" }, out _));
    }

    [Fact]
    public void Without_reflection_model_types_dictionaries_and_lists_still_serialise()
    {
        var converter = new ValueConverter(ExporterJson.Create(AppJsonContext.Default, reflectionResolver: null));
        var value = new Dictionary<string, object?>
        {
            ["error"] = new SpanErrorInfo { Message = "boom", Id = "E1" },
            ["list"] = new List<object?> { 1, "two", Report() },
        };

        var node = ConvertWithIssues(converter, value, out var failure);

        Assert.Null(failure);
        JsonAssert.Equal($$"""{"error":{"message":"boom","id":"E1"},"list":[1,"two",{{ReportJson}}]}""", node);
    }

    [Fact]
    public async Task The_exporter_uses_the_application_resolver_before_reflection()
    {
        // A modifier makes the application's metadata visible in the output: reflection alone would not add "source".
        var asked = new List<System.Type>();
        var resolver = AppJsonContext.Default.WithAddedModifier(info =>
        {
            asked.Add(info.Type);
            if (info.Type == typeof(WeatherReport))
            {
                var source = info.CreateJsonPropertyInfo(typeof(string), "source");
                source.Get = _ => "app-resolver";
                info.Properties.Add(source);
            }
        });
        await using var h = new ExporterHarness(o => o.JsonTypeInfoResolver = resolver);

        await h.Life(Span("c", "tool_call", parent: "p", output: Report()));

        var output = h.Single().Properties!["$ai_output_state"]!.AsObject();
        Assert.Equal("app-resolver", (string?)output["source"]);
        Assert.Equal("Paris", (string?)output["city"]);
        Assert.Contains(typeof(WeatherReport), asked);
    }

    [Fact]
    public async Task Without_a_resolver_the_exporter_keeps_serialising_application_types_by_reflection_where_enabled()
    {
        Assert.True(System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault);
        await using var h = new ExporterHarness();

        await h.Life(Span("c", "tool_call", parent: "p", output: Report()));

        JsonAssert.Equal(ReportJson, h.Single().Properties!["$ai_output_state"]);
    }

    [Fact]
    public async Task Exporters_with_different_resolvers_do_not_share_options()
    {
        await using var withResolver = new ExporterHarness(o => o.JsonTypeInfoResolver = new CountingResolver());
        await using var without = new ExporterHarness();

        await withResolver.Life(Span("c", "tool_call", parent: "p", output: new UnknownToTheApp { Name = "a" }));
        await without.Life(Span("c", "tool_call", parent: "p", output: new UnknownToTheApp { Name = "b" }));

        Assert.Equal("{\"name\":\"a\"}", withResolver.Single().Properties!["$ai_output_state"]!.ToJsonString());
        Assert.Equal("{\"name\":\"b\"}", without.Single().Properties!["$ai_output_state"]!.ToJsonString());
        Assert.Contains(typeof(UnknownToTheApp), ((CountingResolver)withResolver.Options.JsonTypeInfoResolver!).Calls);
    }

    /// <summary>Knows no type; records what it was asked, so a test can see that the exporter consulted it.</summary>
    private sealed class CountingResolver : IJsonTypeInfoResolver
    {
        public HashSet<System.Type> Calls { get; } = [];

        public JsonTypeInfo? GetTypeInfo(System.Type type, System.Text.Json.JsonSerializerOptions options)
        {
            lock (Calls)
            {
                Calls.Add(type);
            }

            return null;
        }
    }

    private static JsonNode? ConvertWithIssues(ValueConverter converter, object? value, out Exception? failure)
    {
        // The bytes the converter writes into an event, read back.
        var issues = InputIssues.None;
        var buffer = new AgentTracing.PostHog.Client.Internal.ByteBufferWriter(256);
        using var writer = new System.Text.Json.Utf8JsonWriter(buffer, AgentTracing.PostHog.Client.Internal.EventSerializer.WriterOptions);
        converter.WriteOrPlaceholder(writer, buffer, value, ref issues, out failure);
        return JsonNode.Parse(buffer.WrittenSpan);
    }
}
