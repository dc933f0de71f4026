using System;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using AgentTracing.Tests.Support;

namespace AgentTracing.Tests.Spans;

/// <summary><see cref="SpanType"/>: the 34 known values, their JSON strings, equality, the default and unknown values.</summary>
public class SpanTypeTests
{
    public static TheoryData<string, string> Table
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (name, json) in SpanFixtures.KnownTypes)
            {
                data.Add(name, json);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Static_property_has_the_json_string_of_the_table(string name, string json)
    {
        var property = typeof(SpanType).GetProperty(name, BindingFlags.Public | BindingFlags.Static);

        Assert.NotNull(property);
        Assert.Equal(typeof(SpanType), property.PropertyType);
        var value = (SpanType)property.GetValue(null)!;
        Assert.Equal(json, value.Value);
        Assert.Equal(json, value.ToString());
        Assert.Equal(new SpanType(json), value);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Json_form_is_the_plain_string(string name, string json)
    {
        var value = (SpanType)typeof(SpanType).GetProperty(name)!.GetValue(null)!;

        Assert.Equal($"\"{json}\"", JsonSerializer.Serialize(value, TracingJson.Options));
        Assert.Equal(value, JsonSerializer.Deserialize<SpanType>($"\"{json}\"", TracingJson.Options));
    }

    [Fact]
    public void KnownValues_lists_the_34_values_in_table_order()
    {
        Assert.Equal(SpanFixtures.KnownTypes.Select(t => t.Json), SpanType.KnownValues.Select(v => v.Value));
    }

    [Fact]
    public void There_is_exactly_one_static_property_per_known_value()
    {
        var names = typeof(SpanType).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(SpanType))
            .Select(p => p.Name)
            .OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(SpanFixtures.KnownTypes.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), names);
    }

    [Fact]
    public void Equality_is_ordinal_and_case_sensitive()
    {
        Assert.True(new SpanType("agent_run") == SpanType.AgentRun);
        Assert.False(new SpanType("agent_run") != SpanType.AgentRun);
        Assert.True(new SpanType("Agent_Run") != SpanType.AgentRun);
        Assert.False(SpanType.AgentRun.Equals(new SpanType("AGENT_RUN")));
        Assert.False(SpanType.AgentRun.Equals(new SpanType("agent_run ")));
        Assert.True(SpanType.AgentRun.Equals((object)new SpanType("agent_run")));
        Assert.False(SpanType.AgentRun.Equals((object)"agent_run"));
        Assert.Equal(new SpanType("agent_run").GetHashCode(), SpanType.AgentRun.GetHashCode());
        Assert.NotEqual(SpanType.ModelStep, SpanType.ModelGeneration);
    }

    [Fact]
    public void Default_has_a_null_value_and_is_not_generic()
    {
        var value = default(SpanType);

        Assert.Null(value.Value);
        Assert.Equal("", value.ToString());
        Assert.NotEqual(SpanType.Generic, value);
        Assert.Equal(default, new SpanType());
        Assert.Equal(0, value.GetHashCode());
    }

    [Fact]
    public void Default_is_written_as_generic()
    {
        Assert.Equal("\"generic\"", JsonSerializer.Serialize(default(SpanType), TracingJson.Options));
    }

    [Theory]
    [InlineData("future_span_kind")]
    [InlineData("Agent_Run")]
    [InlineData("")]
    [InlineData("ä/ö \"quoted\"")]
    public void Unknown_values_round_trip(string json)
    {
        var text = JsonSerializer.Serialize(json, TracingJson.Options);

        var value = JsonSerializer.Deserialize<SpanType>(text, TracingJson.Options);

        Assert.Equal(json, value.Value);
        Assert.Equal(json, value.ToString());
        Assert.DoesNotContain(value, SpanType.KnownValues);
        Assert.Equal(text, JsonSerializer.Serialize(value, TracingJson.Options));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[\"agent_run\"]")]
    public void A_non_string_is_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SpanType>(json, TracingJson.Options));
    }
}
