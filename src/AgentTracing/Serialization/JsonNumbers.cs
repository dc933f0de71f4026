using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing;

/// <summary>Reads numbers from JSON values whatever CLR value backs them (a parsed element or a created primitive).</summary>
internal static class JsonNumbers
{
    /// <summary>Reads an integral number that fits a <see cref="long"/>. A number with a fraction is refused.</summary>
    public static bool TryGetInt64(JsonValue value, out long result)
    {
        if (TryGetCreatedInteger(value.GetType(), value, out result))
        {
            return true;
        }

        if (value.TryGetValue(out JsonElement element))
        {
            result = 0;
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out result);
        }

        if (value.TryGetValue(out long l)) { result = l; return true; }
        if (value.TryGetValue(out int i)) { result = i; return true; }
        if (value.TryGetValue(out short s)) { result = s; return true; }
        if (value.TryGetValue(out byte b)) { result = b; return true; }
        if (value.TryGetValue(out uint ui)) { result = ui; return true; }
        if (value.TryGetValue(out ulong ul) && ul <= long.MaxValue) { result = (long)ul; return true; }
        if (TryGetFloating(value, out var d) && d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            result = (long)d;
            return true;
        }

        result = 0;
        return false;
    }

    /// <summary>Reads an integral number that fits an <see cref="int"/>.</summary>
    public static bool TryGetInt32(JsonValue value, out int result)
    {
        if (TryGetInt64(value, out var l) && l is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)l;
            return true;
        }

        result = 0;
        return false;
    }

    /// <summary>Reads any number as a <see cref="double"/>.</summary>
    public static bool TryGetDouble(JsonValue value, out double result)
    {
        var type = value.GetType();
        if (type == JsonValueTypes.Double)
        {
            result = value.GetValue<double>();
            return true;
        }

        if (TryGetCreatedInteger(type, value, out var integer))
        {
            result = integer;
            return true;
        }

        if (value.TryGetValue(out JsonElement element))
        {
            result = 0;
            return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out result);
        }

        if (TryGetFloating(value, out result)) { return true; }
        if (value.TryGetValue(out long l)) { result = l; return true; }
        if (value.TryGetValue(out int i)) { result = i; return true; }
        if (value.TryGetValue(out short s)) { result = s; return true; }
        if (value.TryGetValue(out byte b)) { result = b; return true; }
        if (value.TryGetValue(out uint ui)) { result = ui; return true; }
        if (value.TryGetValue(out ulong ul)) { result = ul; return true; }
        result = 0;
        return false;
    }

    /// <summary>
    /// A value made from a CLR <see cref="int"/> or <see cref="long"/>, known by its runtime type and read with one
    /// generic virtual call instead of several tried in turn.
    /// </summary>
    private static bool TryGetCreatedInteger(Type type, JsonValue value, out long result)
    {
        if (type == JsonValueTypes.Int32)
        {
            result = value.GetValue<int>();
            return true;
        }

        if (type == JsonValueTypes.Int64)
        {
            result = value.GetValue<long>();
            return true;
        }

        result = 0;
        return false;
    }

    private static bool TryGetFloating(JsonValue value, out double result)
    {
        if (value.TryGetValue(out double d)) { result = d; return true; }
        if (value.TryGetValue(out float f)) { result = f; return true; }
        if (value.TryGetValue(out decimal m)) { result = (double)m; return true; }
        result = 0;
        return false;
    }
}
