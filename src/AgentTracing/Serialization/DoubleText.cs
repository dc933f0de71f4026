using System;
using System.Buffers.Text;
using System.Text.Json;

namespace AgentTracing;

/// <summary>
/// Writes the doubles events are full of (whole numbers such as token counts, and latencies, prices or temperatures with
/// at most seven decimals) with integer arithmetic: the same text as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/>,
/// whose search for the shortest round-trip form costs several times more. Other doubles go to the writer.
/// </summary>
/// <remarks>
/// A double <c>d</c> that is exactly the nearest double to <c>m / 10^7</c> for an integer <c>m</c> is printed as that
/// decimal with its trailing zeros cut: any decimal with fewer digits lies at least 10^-7 away, far more than half a
/// unit in the last place below 10^5, so it would read back as another double. Below 10^-4 and from 10^15 on,
/// .NET switches to exponent notation, so those are left to the writer.
/// </remarks>
internal static class DoubleText
{
    /// <summary>The longest text <see cref="TryFormat"/> writes: a sign, 15 integer digits.</summary>
    public const int MaxLength = 16;

    private const double MaxWhole = 1e15;
    private const double MinFraction = 1e-4;
    private const double MaxFraction = 1e5;
    private const long Scale = 10_000_000;
    private const int ScaleDigits = 7;

    /// <summary>Writes a finite <paramref name="value"/> as a JSON number.</summary>
    public static void Write(Utf8JsonWriter writer, double value)
    {
        // A raw value is not indented: an indented writer formats its numbers itself.
        Span<byte> text = stackalloc byte[MaxLength];
        if (!writer.Options.Indented && TryFormat(value, text, out var written))
        {
            writer.WriteRawValue(text.Slice(0, written), skipInputValidation: true);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>
    /// Formats <paramref name="value"/> as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> would, when it is one of
    /// the common forms; <see langword="false"/> otherwise (nothing is then promised about <paramref name="destination"/>).
    /// </summary>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < MaxLength)
        {
            return false;
        }

        var magnitude = Math.Abs(value);
        if (value < 0)
        {
            destination[written++] = (byte)'-';
        }
        else if (value == 0)
        {
            // Negative zero is "-0", left to the writer.
            if (BitConverter.DoubleToInt64Bits(value) != 0)
            {
                return false;
            }

            destination[0] = (byte)'0';
            written = 1;
            return true;
        }

        if (magnitude < MaxWhole && magnitude == Math.Floor(magnitude))
        {
            return Digits((long)magnitude, destination, ref written);
        }

        if (magnitude is < MinFraction or >= MaxFraction)
        {
            return false;
        }

        var scaled = Math.Round(magnitude * Scale);
        if (scaled / Scale != magnitude)
        {
            return false;
        }

        var units = (long)scaled;
        if (!Digits(units / Scale, destination, ref written))
        {
            return false;
        }

        var fraction = units % Scale;
        var digits = ScaleDigits;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        destination[written++] = (byte)'.';
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[written + i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        written += digits;
        return true;
    }

    private static bool Digits(long value, Span<byte> destination, ref int written)
    {
        if (!Utf8Formatter.TryFormat(value, destination.Slice(written), out var digits))
        {
            return false;
        }

        written += digits;
        return true;
    }
}
