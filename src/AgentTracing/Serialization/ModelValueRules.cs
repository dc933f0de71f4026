using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>
/// The model's rules for <see cref="JsonValueWriter"/>: values are written as they are, without repairs, so that a
/// written trace reads back the same; trees as they are, lists item by item, anything else by the serializer.
/// </summary>
internal readonly struct ModelValueRules(JsonSerializerOptions options) : IJsonValueRules
{
    public void CheckDepth(int depth)
    {
    }

    public void WriteString(Utf8JsonWriter writer, string value) => writer.WriteStringValue(value);

    /// <summary>The writer throws: JSON has no such number.</summary>
    public void WriteNonFinite(Utf8JsonWriter writer, double value) => writer.WriteNumberValue(value);

    public void WriteNode(Utf8JsonWriter writer, JsonNode node, int depth) => node.WriteTo(writer, options);

    public void WriteElement(Utf8JsonWriter writer, JsonElement element, int depth) => element.WriteTo(writer);

    public void WriteOther(Utf8JsonWriter writer, object value, int depth)
    {
        if (value is IList list and not System.Array { Rank: > 1 })
        {
            var rules = this;
            writer.WriteStartArray();
            foreach (var item in list)
            {
                JsonValueWriter.Write(writer, item, depth + 1, ref rules);
            }

            writer.WriteEndArray();
            return;
        }

        JsonSerializer.Serialize(writer, value, JsonValues.GetTypeInfo(value.GetType(), options));
    }
}
