using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Serialization;

/// <summary>The round trip (read, write back, compare) for one event of every one of the 34 span types, and for span types this library does not know.</summary>
public class SpanTypeRoundTripTests
{
    public static TheoryData<string> KnownTypes => new(SpanFixtures.KnownTypes.Select(t => t.Json));

    public static TheoryData<string> UnknownTypes => new("future_span_kind", "Agent_Run", "AGENT_RUN", "model-generation", "", "agent_run ", "日本語");

    [Fact]
    public void The_fixtures_cover_all_34_types()
    {
        Assert.Equal(34, SpanFixtures.KnownTypes.Select(t => t.Json).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(KnownTypes))]
    public void Event_of_known_type_round_trips(string type)
    {
        foreach (var eventType in new[] { "span_started", "span_updated", "span_ended" })
        {
            RoundTrip.AssertEvent(SpanFixtures.Event(type, eventType));
        }
    }

    [Theory]
    [MemberData(nameof(KnownTypes))]
    public void Event_of_known_type_reads_into_the_attributes_class_of_the_table(string type)
    {
        var read = JsonSerializer.Deserialize<TracingEvent>(SpanFixtures.Event(type).ToJsonString(), TracingJson.Options)!;

        var expected = SpanFixtures.AttributeClasses.TryGetValue(type, out var typed) ? typed : typeof(SpanAttributes);
        Assert.Equal(expected, read.ExportedSpan.Attributes!.GetType());
        Assert.Equal(type, read.ExportedSpan.Type.Value);
        Assert.Equal(TracingEventType.SpanEnded, read.Type);
    }

    [Theory]
    [MemberData(nameof(KnownTypes))]
    public void Unknown_keys_of_every_type_are_kept_in_AdditionalProperties(string type)
    {
        var read = JsonSerializer.Deserialize<TracingEvent>(SpanFixtures.Event(type).ToJsonString(), TracingJson.Options)!;
        var additional = read.ExportedSpan.Attributes!.AdditionalProperties;

        AssertJson.Equal("""{"nested": [1, null, "x", {"deep": true}]}""", ((JsonNode)additional["futureKey"]!).ToJsonString());
        Assert.True(additional.ContainsKey("futureNull"));
        Assert.Null(additional["futureNull"]);
        Assert.Equal("1.50", ((JsonNode)additional["futureNumber"]!).ToJsonString());
        Assert.Equal(42, ((JsonValue)read.AdditionalProperties!["futureEventKey"]!).GetValue<int>());
        AssertJson.Equal("""{"a": [null]}""", ((JsonNode)read.ExportedSpan.AdditionalProperties!["futureSpanKey"]!).ToJsonString());
        AssertJson.Equal("""{"message": "inner"}""", ((JsonNode)read.ExportedSpan.ErrorInfo!.AdditionalProperties!["cause"]!).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(UnknownTypes))]
    public void Event_of_unknown_type_round_trips_with_base_attributes(string type)
    {
        var json = SpanFixtures.Event(type);
        json["exportedSpan"]!["attributes"] = JsonNode.Parse(SpanFixtures.AttributesJson("model_generation"));

        RoundTrip.AssertEvent(json);

        var read = JsonSerializer.Deserialize<TracingEvent>(json.ToJsonString(), TracingJson.Options)!;
        Assert.Equal(type, read.ExportedSpan.Type.Value);
        Assert.Equal(typeof(SpanAttributes), read.ExportedSpan.Attributes!.GetType());
        // Keys typed on model_generation are plain unknown keys of the base class.
        Assert.Equal("gpt-4o-mini", ((JsonValue)read.ExportedSpan.Attributes.AdditionalProperties["model"]!).GetValue<string>());
        Assert.Equal(1200L, ((JsonNode)read.ExportedSpan.Attributes.AdditionalProperties["usage"]!)["inputTokens"]!.GetValue<long>());
        Assert.Contains($"\"type\":{JsonSerializer.Serialize(type, TracingJson.Options)}", JsonSerializer.Serialize(read, TracingJson.Options));
    }

    [Theory]
    [MemberData(nameof(KnownTypes))]
    public void Typed_keys_holding_null_are_dropped_and_the_rest_round_trips(string type)
    {
        var json = SpanFixtures.Event(type);
        var attributes = json["exportedSpan"]!["attributes"]!.AsObject();
        var typedKeys = SpecShape.Attributes(type).Keys;
        foreach (var key in attributes.Select(p => p.Key).Where(typedKeys.Contains).ToList())
        {
            attributes[key] = null;
        }

        RoundTrip.AssertEvent(json);

        var read = JsonSerializer.Deserialize<TracingEvent>(json.ToJsonString(), TracingJson.Options)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(read, TracingJson.Options))!["exportedSpan"]!["attributes"]!.AsObject();
        Assert.DoesNotContain(written, pair => typedKeys.Contains(pair.Key));
        Assert.True(written.ContainsKey("futureNull"));
    }

    [Fact]
    public void Type_after_attributes_still_chooses_the_class()
    {
        const string json = """
            {"exportedSpan": {"attributes": {"maxSteps": 3}, "id": "s", "traceId": "t", "name": "n", "startTime": "2026-01-01T00:00:00.000Z", "type": "agent_run"}, "type": "span_started"}
            """;

        var read = JsonSerializer.Deserialize<TracingEvent>(json, TracingJson.Options)!;

        Assert.Equal(3, Assert.IsType<AgentRunAttributes>(read.ExportedSpan.Attributes).MaxSteps);
    }
}
