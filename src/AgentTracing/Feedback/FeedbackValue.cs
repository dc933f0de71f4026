using System;
using System.Globalization;
using System.Text.Json.Serialization;

namespace AgentTracing;

/// <summary>A feedback value: a number (a rating) or a string (<c>"up"</c>, <c>"down"</c>, …).</summary>
[JsonConverter(typeof(FeedbackValueConverter))]
public readonly struct FeedbackValue : IEquatable<FeedbackValue>
{
    private FeedbackValue(double number, string? text, bool isNumber)
    {
        Number = number;
        Text = text;
        IsNumber = isNumber;
    }

    /// <summary>Whether the value is a number.</summary>
    public bool IsNumber { get; }

    /// <summary>The number, when <see cref="IsNumber"/>.</summary>
    public double Number { get; }

    /// <summary>The string, when not <see cref="IsNumber"/>.</summary>
    public string? Text { get; }

    /// <summary>A string value.</summary>
    /// <param name="text">The string.</param>
    public static implicit operator FeedbackValue(string text) => FromText(text);

    /// <summary>A number value.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator FeedbackValue(int number) => FromNumber(number);

    /// <summary>A number value.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator FeedbackValue(long number) => FromNumber(number);

    /// <summary>A number value.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator FeedbackValue(double number) => FromNumber(number);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(FeedbackValue left, FeedbackValue right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(FeedbackValue left, FeedbackValue right) => !left.Equals(right);

    /// <summary>A string value.</summary>
    /// <param name="text">The string.</param>
    /// <returns>The value.</returns>
    public static FeedbackValue FromText(string text) => new(0, text, isNumber: false);

    /// <summary>A number value.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The value.</returns>
    public static FeedbackValue FromNumber(double number) => new(number, null, isNumber: true);

    /// <inheritdoc />
    public bool Equals(FeedbackValue other) =>
        IsNumber == other.IsNumber && (IsNumber ? Number.Equals(other.Number) : string.Equals(Text, other.Text, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeedbackValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => IsNumber ? Number.GetHashCode() : (Text is null ? 0 : StringComparer.Ordinal.GetHashCode(Text));

    /// <summary>The string, or the number in its shortest invariant form (<c>4</c> → <c>"4"</c>, <c>4.5</c> → <c>"4.5"</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsNumber ? FormatNumber(Number) : Text ?? "";

    internal static string FormatNumber(double number) =>
        number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
}
