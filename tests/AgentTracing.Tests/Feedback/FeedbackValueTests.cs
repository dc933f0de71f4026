using System.Text.Json;

namespace AgentTracing.Tests.Feedback;

/// <summary><see cref="FeedbackValue"/>: a number or a string, read, written, compared and formatted.</summary>
public class FeedbackValueTests
{
    [Fact]
    public void A_string_value()
    {
        FeedbackValue value = "down";

        Assert.False(value.IsNumber);
        Assert.Equal("down", value.Text);
        Assert.Equal(0d, value.Number);
        Assert.Equal("down", value.ToString());
        Assert.Equal(FeedbackValue.FromText("down"), value);
    }

    [Fact]
    public void Implicit_conversions_from_int_long_and_double_give_numbers()
    {
        FeedbackValue fromInt = 4;
        FeedbackValue fromLong = 5_000_000_000L;
        FeedbackValue fromDouble = 4.5;

        Assert.True(fromInt.IsNumber);
        Assert.Equal(4d, fromInt.Number);
        Assert.Null(fromInt.Text);
        Assert.True(fromLong.IsNumber);
        Assert.Equal(5_000_000_000d, fromLong.Number);
        Assert.True(fromDouble.IsNumber);
        Assert.Equal(4.5, fromDouble.Number);
    }

    [Theory]
    [InlineData(4d, "4")]
    [InlineData(4.5, "4.5")]
    [InlineData(-1d, "-1")]
    [InlineData(0d, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(123456789012d, "123456789012")]
    [InlineData(1e-7, "1E-07")]
    public void ToString_of_a_number_is_its_shortest_invariant_form(double number, string expected)
    {
        Assert.Equal(expected, FeedbackValue.FromNumber(number).ToString());
    }

    [Fact]
    public void ToString_does_not_depend_on_the_current_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            Assert.Equal("4.5", ((FeedbackValue)4.5).ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Equality_distinguishes_kinds()
    {
        Assert.True((FeedbackValue)4 == (FeedbackValue)4.0);
        Assert.True((FeedbackValue)4 != (FeedbackValue)"4");
        Assert.False(((FeedbackValue)"up").Equals((FeedbackValue)"Up"));
        Assert.True(((FeedbackValue)"up").Equals((object)(FeedbackValue)"up"));
        Assert.Equal(((FeedbackValue)3).GetHashCode(), ((FeedbackValue)3L).GetHashCode());
    }

    [Theory]
    [InlineData("\"down\"", false, "down")]
    [InlineData("\"4\"", false, "4")]
    [InlineData("4", true, "4")]
    [InlineData("4.5", true, "4.5")]
    [InlineData("4.0", true, "4")]
    [InlineData("-2", true, "-2")]
    public void Is_read_from_a_string_or_a_number(string json, bool isNumber, string text)
    {
        var value = JsonSerializer.Deserialize<FeedbackValue>(json, TracingJson.Options);

        Assert.Equal(isNumber, value.IsNumber);
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[1]")]
    public void Anything_else_is_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FeedbackValue>(json, TracingJson.Options));
    }

    [Theory]
    [InlineData(4d, "4")]
    [InlineData(4.5, "4.5")]
    [InlineData(-3d, "-3")]
    [InlineData(0.85, "0.85")]
    public void Numbers_are_written_as_json_numbers(double number, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(FeedbackValue.FromNumber(number), TracingJson.Options));
    }

    [Fact]
    public void Strings_are_written_as_json_strings()
    {
        Assert.Equal("\"4\"", JsonSerializer.Serialize((FeedbackValue)"4", TracingJson.Options));
        Assert.Equal("\"très\"", JsonSerializer.Serialize((FeedbackValue)"très", TracingJson.Options));
    }
}
