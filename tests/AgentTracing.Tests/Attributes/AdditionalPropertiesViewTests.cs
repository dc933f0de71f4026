using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Attributes;

/// <summary><see cref="JsonBackedObject.AdditionalProperties"/> is a live dictionary over the keys that are not well-typed.</summary>
public class AdditionalPropertiesViewTests
{
    private static AgentRunAttributes Sample() => (AgentRunAttributes)SpanAttributes.Create(
        SpanType.AgentRun,
        JsonNode.Parse("""{"instructions": "hi", "maxSteps": "five", "custom": {"a": 1}, "flag": null}""")!.AsObject());

    [Fact]
    public void Lists_only_the_keys_that_are_not_well_typed()
    {
        var view = Sample().AdditionalProperties;

        Assert.Equal(["maxSteps", "custom", "flag"], view.Keys.ToArray());
        Assert.Equal(3, view.Count);
        Assert.Equal(["\"five\"", "{\"a\":1}", "null"], view.Values.Select(v => v is null ? "null" : ((JsonNode)v).ToJsonString()).ToArray());
        Assert.True(view.ContainsKey("custom"));
        Assert.False(view.ContainsKey("instructions"));
        Assert.False(view.ContainsKey("missing"));
        Assert.False(view.IsReadOnly);
    }

    [Fact]
    public void Add_stores_the_json_form_in_the_backing_object()
    {
        var attributes = new AgentRunAttributes { Instructions = "hi" };

        attributes.AdditionalProperties.Add("count", 3);
        attributes.AdditionalProperties.Add(new KeyValuePair<string, object?>("map", new Dictionary<string, object?> { ["k"] = "v" }));
        attributes.AdditionalProperties["list"] = new List<int> { 1, 2 };
        attributes.AdditionalProperties["nothing"] = null;

        Assert.Equal("""{"instructions":"hi","count":3,"map":{"k":"v"},"list":[1,2],"nothing":null}""", attributes.Json.ToJsonString());
        Assert.Equal(4, attributes.AdditionalProperties.Count);
        Assert.IsType<JsonObject>(attributes.AdditionalProperties["map"]);
    }

    [Fact]
    public void Add_of_an_existing_key_throws()
    {
        var view = Sample().AdditionalProperties;

        Assert.Throws<ArgumentException>(() => view.Add("custom", 1));
    }

    [Fact]
    public void Remove_deletes_unknown_keys_but_not_typed_ones()
    {
        var attributes = Sample();
        var view = attributes.AdditionalProperties;

        Assert.True(view.Remove("custom"));
        Assert.False(view.Remove("custom"));
        Assert.False(view.Remove("instructions"));
        Assert.True(view.Remove("maxSteps"));

        Assert.Equal("""{"instructions":"hi","flag":null}""", attributes.Json.ToJsonString());
        Assert.Equal("hi", attributes.Instructions);
    }

    [Fact]
    public void Remove_of_a_pair_needs_the_same_value()
    {
        var attributes = Sample();
        var view = attributes.AdditionalProperties;
        var custom = view["custom"];

        Assert.False(view.Remove(new KeyValuePair<string, object?>("custom", JsonNode.Parse("""{"a": 1}"""))));
        Assert.True(view.Contains(new KeyValuePair<string, object?>("custom", custom)));
        Assert.True(view.Remove(new KeyValuePair<string, object?>("custom", custom)));
        Assert.False(attributes.Json.ContainsKey("custom"));
    }

    [Fact]
    public void Clear_removes_only_the_unknown_keys()
    {
        var attributes = Sample();

        attributes.AdditionalProperties.Clear();

        Assert.Equal("""{"instructions":"hi"}""", attributes.Json.ToJsonString());
        Assert.Empty(attributes.AdditionalProperties);
    }

    [Fact]
    public void Indexer_and_TryGetValue_read_unknown_keys_only()
    {
        var view = Sample().AdditionalProperties;

        Assert.Equal("five", ((JsonValue)view["maxSteps"]!).GetValue<string>());
        Assert.Null(view["flag"]);
        Assert.Throws<KeyNotFoundException>(() => view["instructions"]);
        Assert.Throws<KeyNotFoundException>(() => view["missing"]);
        Assert.True(view.TryGetValue("flag", out var flag));
        Assert.Null(flag);
        Assert.False(view.TryGetValue("instructions", out _));
    }

    [Fact]
    public void The_view_is_live()
    {
        var attributes = new AgentRunAttributes();
        var view = attributes.AdditionalProperties;

        attributes.Json["later"] = 1;
        Assert.Equal(["later"], view.Keys.ToArray());

        attributes.MaxSteps = 3;
        attributes.Json["maxSteps"] = "three";
        Assert.Equal(["later", "maxSteps"], view.Keys.ToArray());
        Assert.Null(attributes.MaxSteps);

        view["maxSteps"] = 4;
        Assert.Equal(4, attributes.MaxSteps);
        Assert.Equal(["later"], view.Keys.ToArray());
    }

    [Fact]
    public void Setting_a_node_that_has_a_parent_stores_a_copy()
    {
        var other = JsonNode.Parse("""{"shared": {"x": 1}}""")!;
        var attributes = new SpanAttributes();

        attributes.AdditionalProperties["shared"] = other["shared"];
        ((JsonObject)attributes.AdditionalProperties["shared"]!)["x"] = 2;

        Assert.Equal(1, (int)other["shared"]!["x"]!);
        Assert.Equal("""{"shared":{"x":2}}""", attributes.Json.ToJsonString());
    }

    [Fact]
    public void CopyTo_and_enumeration_give_the_pairs_in_json_order()
    {
        var view = Sample().AdditionalProperties;
        var array = new KeyValuePair<string, object?>[4];

        view.CopyTo(array, 1);

        Assert.Null(array[0].Key);
        Assert.Equal(["maxSteps", "custom", "flag"], array.Skip(1).Select(p => p.Key).ToArray());
        Assert.Equal(["maxSteps", "custom", "flag"], view.Select(p => p.Key).ToArray());
    }

    [Fact]
    public void Init_sets_unknown_keys_on_construction()
    {
        var tool = new ModelToolDefinition
        {
            Type = "provider-defined",
            AdditionalProperties = new Dictionary<string, object?> { ["args"] = new Dictionary<string, object?> { ["maxUses"] = 5 } },
        };

        Assert.Equal("""{"type":"provider-defined","args":{"maxUses":5}}""", tool.Json.ToJsonString());
        Assert.Equal("""{"type":"provider-defined","args":{"maxUses":5}}""", JsonSerializer.Serialize(tool, TracingJson.Options));
    }
}
