using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>
/// Attribute merging (updates and ends merged over cached data) as the exporter reads it: after one merge the attributes are read through both objects
/// without a copy, after more they are copied into a dictionary. Both must give, key by key and in order, what the
/// specified merge gives: the cached keys in their order, each replaced by an incoming non-null value, then the
/// incoming keys not cached, when not null (and, over nothing cached, the incoming object as it is).
/// </summary>
public sealed class AttributeMergeTests
{
    private static readonly ValueConverter Converter = new(ExporterJson.Create(applicationResolver: null, reflectionResolver: null));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Merged_attributes_match_the_specified_merge(int layers)
    {
        var random = new Random(1234 + layers);
        for (var round = 0; round < 200; round++)
        {
            var objects = Enumerable.Range(0, layers).Select(_ => RandomAttributes(random)).ToList();

            var set = AttributeSet.From(new SpanAttributes(objects[0]));
            var expected = new List<KeyValuePair<string, JsonNode?>>(objects[0]);
            foreach (var incoming in objects.Skip(1))
            {
                set = AttributeSet.Merge(set, new SpanAttributes(incoming));
                expected = incoming.Count == 0 ? expected
                    : expected.Count == 0 ? new List<KeyValuePair<string, JsonNode?>>(incoming) // Nothing cached: the incoming object as it is.
                    : Reference(expected, incoming);
            }

            Assert.Equal(Render(expected), Written(set));
            foreach (var key in Keys)
            {
                var want = expected.FirstOrDefault(p => p.Key == key).Value;
                Assert.Equal(want?.ToJsonString(), set[key]?.ToJsonString());
            }
        }
    }

    private static readonly string[] Keys = ["a", "b", "c", "d", "e"];

    /// <summary>The merge as the spec words it, over an ordered list of pairs.</summary>
    private static List<KeyValuePair<string, JsonNode?>> Reference(List<KeyValuePair<string, JsonNode?>> cached, JsonObject incoming)
    {
        var merged = new List<KeyValuePair<string, JsonNode?>>(cached);
        foreach (var pair in incoming)
        {
            if (pair.Value is null)
            {
                continue;
            }

            var at = merged.FindIndex(p => p.Key == pair.Key);
            if (at >= 0)
            {
                merged[at] = pair;
            }
            else
            {
                merged.Add(pair);
            }
        }

        return merged;
    }

    private static JsonObject RandomAttributes(Random random)
    {
        var json = new JsonObject();
        foreach (var key in Keys.OrderBy(_ => random.Next()).Take(random.Next(0, Keys.Length + 1)))
        {
            json[key] = random.Next(4) == 0 ? null : JsonValue.Create(random.Next(100));
        }

        return json;
    }

    private static string Render(List<KeyValuePair<string, JsonNode?>> pairs) =>
        "{" + string.Join(",", pairs.Select(p => $"\"{p.Key}\":{p.Value?.ToJsonString() ?? "null"}")) + "}";

    private static string Written(AttributeSet set)
    {
        var properties = EventProperties.Rent(Converter);
        set.WriteUser(properties);
        var json = properties.ToJsonObject().ToJsonString();
        properties.Return();
        return json;
    }
}
