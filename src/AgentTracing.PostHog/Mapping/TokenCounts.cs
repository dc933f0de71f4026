using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>
/// The token counts of one usage object, one per kind PostHog prices; a kind the producer did not report is
/// <see langword="null"/>. Input is gross: cache reads and writes are part of it.
/// </summary>
internal readonly record struct TokenCounts(
    double? Input,
    double? CacheRead,
    double? CacheWrite,
    double? CacheWrite5m,
    double? CacheWrite1h,
    double? Output,
    double? Reasoning)
{
    /// <summary>Whether any kind was reported.</summary>
    public bool IsEmpty => Input is null && CacheRead is null && CacheWrite is null && CacheWrite5m is null
        && CacheWrite1h is null && Output is null && Reasoning is null;

    /// <summary>Whether any kind holds a count above zero.</summary>
    public bool AnyPositive => Input > 0 || CacheRead > 0 || CacheWrite > 0 || CacheWrite5m > 0 || CacheWrite1h > 0
        || Output > 0 || Reasoning > 0;

    /// <summary>Reads a usage object (<c>inputTokens</c>, <c>outputTokens</c>, <c>inputDetails</c>, <c>outputDetails</c>); any other value reads as empty.</summary>
    public static TokenCounts Read(JsonNode? usage)
    {
        if (usage is not JsonObject u)
        {
            return default;
        }

        var input = u[AttributeKeys.InputDetails] as JsonObject;
        var output = u[AttributeKeys.OutputDetails] as JsonObject;
        return new TokenCounts(
            Number(u[AttributeKeys.InputTokens]),
            Number(input?[AttributeKeys.CacheRead]),
            Number(input?[AttributeKeys.CacheWrite]),
            Number(input?["cacheWrite5m"]),
            Number(input?["cacheWrite1h"]),
            Number(u[AttributeKeys.OutputTokens]),
            Number(output?[AttributeKeys.Reasoning]));
    }

    /// <summary>The per-kind sum; a kind reported by neither stays unreported.</summary>
    public TokenCounts Plus(in TokenCounts other) => Combine(this, other, Sum);

    /// <summary>
    /// What is left of each kind this instance reports once <paramref name="spent"/> is taken away, never below zero:
    /// a generation's own usage less what its calls already sent.
    /// </summary>
    public TokenCounts Minus(in TokenCounts spent) => Combine(this, spent, Left);

    /// <summary>
    /// The counts with cache tokens capped so that reads plus writes never exceed the input (absent input counts as 0),
    /// and each cache-write split never exceeds the writes. PostHog subtracts cache tokens from gross input, so more
    /// cache than input would price the uncached part below zero.
    /// </summary>
    public TokenCounts CapCache(out bool capped)
    {
        var input = Input ?? 0;
        var read = Cap(CacheRead, input);
        var write = Cap(CacheWrite, input - (read ?? 0));
        var write5m = Cap(CacheWrite5m, write ?? input - (read ?? 0));
        var write1h = Cap(CacheWrite1h, write ?? input - (read ?? 0));
        capped = read != CacheRead || write != CacheWrite || write5m != CacheWrite5m || write1h != CacheWrite1h;
        return this with { CacheRead = read, CacheWrite = write, CacheWrite5m = write5m, CacheWrite1h = write1h };
    }

    /// <summary>A finite JSON number, whatever CLR type holds it; anything else is unreported.</summary>
    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !JsonNumbers.TryGetDouble(value, out var number))
        {
            return null;
        }

        return double.IsNaN(number) || double.IsInfinity(number) ? null : number;
    }

    private static TokenCounts Combine(in TokenCounts a, in TokenCounts b, Func<double?, double?, double?> kind) => new(
        kind(a.Input, b.Input),
        kind(a.CacheRead, b.CacheRead),
        kind(a.CacheWrite, b.CacheWrite),
        kind(a.CacheWrite5m, b.CacheWrite5m),
        kind(a.CacheWrite1h, b.CacheWrite1h),
        kind(a.Output, b.Output),
        kind(a.Reasoning, b.Reasoning));

    private static double? Sum(double? a, double? b) => a is null ? b : b is null ? a : a + b;

    private static double? Left(double? total, double? spent) => total is null ? null : Math.Max(0, total.Value - (spent ?? 0));

    private static double? Cap(double? value, double limit) => value is null ? null : Math.Min(value.Value, Math.Max(0, limit));
}
