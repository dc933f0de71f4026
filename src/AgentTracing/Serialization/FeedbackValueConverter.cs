using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>Reads a <see cref="FeedbackValue"/> from a JSON string or number, and writes it back as the same kind.</summary>
internal sealed class FeedbackValueConverter : JsonConverter<FeedbackValue>
{
    public override FeedbackValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => FeedbackValue.FromText(reader.GetString()!),
        JsonTokenType.Number => FeedbackValue.FromNumber(reader.GetDouble()),
        _ => throw new JsonException("A feedback value must be a string or a number."),
    };

    public override void Write(Utf8JsonWriter writer, FeedbackValue value, JsonSerializerOptions options)
    {
        if (!value.IsNumber)
        {
            writer.WriteStringValue(value.Text);
        }
        else if (value.Number == Math.Floor(value.Number) && Math.Abs(value.Number) < 1e15)
        {
            writer.WriteNumberValue((long)value.Number);
        }
        else
        {
            writer.WriteNumberValue(value.Number);
        }
    }
}
