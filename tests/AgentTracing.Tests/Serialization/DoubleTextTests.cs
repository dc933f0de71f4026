using System;
using System.Text;
using System.Text.Json;

namespace AgentTracing.Tests.Serialization;

/// <summary>
/// Latencies, token counts, prices and temperatures are written with integer arithmetic instead of the writer's
/// shortest-round-trip search. The bytes must be exactly the writer's own, for every double: PostHog parses these
/// numbers (<c>$ai_latency</c>, token and cost properties), and a different but equal text would still change what a
/// byte-for-byte comparison of our events sees.
/// </summary>
public class DoubleTextTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    [InlineData(1240.0)]
    [InlineData(0.2)]
    [InlineData(0.1 + 0.2)]
    [InlineData(0.04)]
    [InlineData(0.0001)]
    [InlineData(0.00009999)]
    [InlineData(0.00001)]
    [InlineData(99999.9999999)]
    [InlineData(100000.5)]
    [InlineData(123456789012345.0)]
    [InlineData(999999999999999.0)]
    [InlineData(1e15)]
    [InlineData(1e16)]
    [InlineData(-0.25)]
    [InlineData(3.14159265358979)]
    [InlineData(1.0 / 3)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    public void Writes_what_the_writer_writes(double value) => AssertSameText(value);

    [Fact]
    public void Durations_of_every_size_are_written_as_the_writer_writes_them()
    {
        var random = new Random(20261204);
        for (var i = 0; i < 200_000; i++)
        {
            // Up to about 28 hours, in ticks: TimeSpan.TotalSeconds is how the exporter computes $ai_latency.
            var ticks = (long)(random.NextDouble() * Math.Pow(10, random.Next(1, 13)));
            AssertSameText(TimeSpan.FromTicks(ticks).TotalSeconds);
        }
    }

    [Fact]
    public void Random_doubles_and_short_decimals_are_written_as_the_writer_writes_them()
    {
        var random = new Random(42);
        Span<byte> bits = stackalloc byte[8];
        for (var i = 0; i < 100_000; i++)
        {
            random.NextBytes(bits);
            var any = BitConverter.ToDouble(bits);
            if (double.IsFinite(any))
            {
                AssertSameText(any);
            }

            // Decimals of up to eight places, positive and negative: the fast path's edge is at seven.
            var places = random.Next(0, 9);
            var decimalValue = Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-4, 7)), places);
            AssertSameText(decimalValue);
            AssertSameText(Math.Floor(random.NextDouble() * Math.Pow(10, random.Next(0, 17))));
        }
    }

    [Fact]
    public void The_common_forms_take_the_fast_path_and_the_others_do_not()
    {
        Span<byte> text = stackalloc byte[DoubleText.MaxLength];

        Assert.True(DoubleText.TryFormat(0.045, text, out var written));
        Assert.Equal("0.045", Encoding.UTF8.GetString(text[..written]));
        Assert.True(DoubleText.TryFormat(1240, text, out written));
        Assert.Equal("1240", Encoding.UTF8.GetString(text[..written]));
        Assert.False(DoubleText.TryFormat(1.0 / 3, text, out _));
        Assert.False(DoubleText.TryFormat(0.00001, text, out _));
        Assert.False(DoubleText.TryFormat(1e15, text, out _));
        Assert.False(DoubleText.TryFormat(-0.0, text, out _));
        AssertSameText(-0.0);
    }

    [Fact]
    public void An_indented_writer_lays_the_numbers_out_as_it_does_its_own()
    {
        Assert.Equal(WriterText(0.25, fast: false, indented: true), WriterText(0.25, fast: true, indented: true));
        Assert.Contains("\n", WriterText(1240, fast: true, indented: true), StringComparison.Ordinal);
    }

    private static void AssertSameText(double value)
    {
        Assert.Equal(WriterText(value, fast: false), WriterText(value, fast: true));
    }

    private static string WriterText(double value, bool fast, bool indented = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            writer.WriteStartArray();
            if (fast)
            {
                DoubleText.Write(writer, value);
                DoubleText.Write(writer, value);
            }
            else
            {
                writer.WriteNumberValue(value);
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
