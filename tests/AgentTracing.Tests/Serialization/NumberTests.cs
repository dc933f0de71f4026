using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Serialization;

/// <summary>Integers without a decimal point, doubles in their shortest round-trip form.</summary>
public class NumberTests
{
    [Fact]
    public void Typed_integers_are_written_without_a_decimal_point()
    {
        var usage = new UsageStats { InputTokens = 1200, OutputTokens = 9007199254740993, InputDetails = new InputTokenDetails { CacheRead = 0 } };
        var parameters = new ModelParameters { MaxOutputTokens = 512, TopK = 40, Seed = -1 };

        Assert.Equal("""{"inputTokens":1200,"outputTokens":9007199254740993,"inputDetails":{"cacheRead":0}}""", JsonSerializer.Serialize(usage, TracingJson.Options));
        Assert.Equal("""{"maxOutputTokens":512,"topK":40,"seed":-1}""", JsonSerializer.Serialize(parameters, TracingJson.Options));
    }

    [Fact]
    public void Typed_doubles_are_written_in_shortest_round_trip_form()
    {
        var parameters = new ModelParameters { Temperature = 0.85, TopP = 4.0, PresencePenalty = 0.1 + 0.2, FrequencyPenalty = 1e-7 };
        var wait = new WorkflowWaitEventAttributes { TimeoutMs = 60000, WaitDurationMs = 1234.5 };

        Assert.Equal("""{"temperature":0.85,"topP":4,"presencePenalty":0.30000000000000004,"frequencyPenalty":1E-07}""", JsonSerializer.Serialize(parameters, TracingJson.Options));
        Assert.Equal("""{"timeoutMs":60000,"waitDurationMs":1234.5}""", JsonSerializer.Serialize(wait, TracingJson.Options));
    }

    [Fact]
    public void Clr_numbers_in_json_values_keep_their_form()
    {
        var span = new ExportedSpan
        {
            Metadata = new Dictionary<string, object?> { ["int"] = 4, ["long"] = 9007199254740993L, ["double"] = 4.0, ["fraction"] = 0.85 },
        };

        var metadata = JsonNode.Parse(JsonSerializer.Serialize(span, TracingJson.Options))!["metadata"]!.ToJsonString();

        Assert.Equal("""{"int":4,"long":9007199254740993,"double":4,"fraction":0.85}""", metadata);
    }

    [Fact]
    public void Numbers_read_from_json_are_written_back_as_they_were()
    {
        const string json = """
            {"id": "s", "traceId": "t", "name": "n", "type": "model_generation", "startTime": "2026-01-01T00:00:00.000Z", "isEvent": false, "isRootSpan": false,
             "attributes": {"parameters": {"temperature": 0.85, "topP": 1.0, "seed": 12345678901234567890}, "usage": {"inputTokens": 9007199254740993}},
             "output": {"score": 1.50, "big": 1e400, "neg": -0.0}}
            """;

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize<ExportedSpan>(json, TracingJson.Options), TracingJson.Options);

        Assert.Contains("\"temperature\":0.85", written, System.StringComparison.Ordinal);
        Assert.Contains("\"topP\":1.0", written, System.StringComparison.Ordinal);
        Assert.Contains("\"seed\":12345678901234567890", written, System.StringComparison.Ordinal);
        Assert.Contains("\"inputTokens\":9007199254740993", written, System.StringComparison.Ordinal);
        Assert.Contains("\"output\":{\"score\":1.50,\"big\":1e400,\"neg\":-0.0}", written, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_getters_read_the_numbers_exactly()
    {
        var attributes = (ModelGenerationAttributes)SpanAttributes.Create(SpanType.ModelGeneration, JsonNode.Parse(
            """{"parameters": {"temperature": 0.85, "topP": 1.0, "seed": 9223372036854775807, "maxOutputTokens": 2147483647}, "usage": {"inputTokens": 9007199254740993}, "serverPort": 8080}""")!.AsObject());

        Assert.Equal(0.85, attributes.Parameters!.Temperature);
        Assert.Equal(1.0, attributes.Parameters.TopP);
        Assert.Equal(long.MaxValue, attributes.Parameters.Seed);
        Assert.Equal(int.MaxValue, attributes.Parameters.MaxOutputTokens);
        Assert.Equal(9007199254740993L, attributes.Usage!.InputTokens);
        Assert.Equal(8080, attributes.ServerPort);
    }
}
