using System.Text.Json;

namespace AgentTracing.PostHog;

/// <summary>
/// Tokens counted once per trace: PostHog sums the tokens of every <c>$ai_generation</c>, so a generation and the model
/// calls under it must not both carry the same tokens. The ledger lives in <see cref="TraceState.CallTokens"/> and
/// <see cref="TraceState.SettledGenerations"/>.
/// </summary>
internal static class TokenLedger
{
    private const int MaxAncestorHops = 64;

    /// <summary>
    /// Writes a model call's token counts so that, per generation, the counts summed over the generation and every model
    /// call under it equal the generation's own usage: each call sends what it reported, and a generation sends what
    /// the calls under it left over (nothing, when they add up). A call that ends after a generation above it was sent
    /// sends none, as that generation already counted it.
    /// </summary>
    public static void Write(EventProperties properties, TraceState trace, SpanSnapshot span, EmitKind kind, string? model)
    {
        var usage = TokenCounts.Read(SpanEventBuilder.Checked(properties, span, AttributeKeys.Usage));
        if (AncestorSettled(trace, span))
        {
            UsageProperties.Withhold(properties);
            return;
        }

        var counts = usage;
        if (span.TypeName != "model_step")
        {
            if (kind != EmitKind.EventSpan)
            {
                trace.SettledGenerations.Add(span.Id);
            }

            if (trace.CallTokens.TryGetValue(span.Id, out var spent))
            {
                counts = usage.Minus(spent);
                if (!counts.AnyPositive)
                {
                    UsageProperties.Withhold(properties);
                    return;
                }
            }
        }

        if (UsageProperties.Write(properties, counts, model, out var sent))
        {
            properties.Flag(InputIssues.CacheAboveInput);
        }

        if (!sent.IsEmpty)
        {
            CountForAncestors(trace, span, sent);
        }
    }

    /// <summary>Whether a generation above the span has already sent its tokens.</summary>
    private static bool AncestorSettled(TraceState trace, SpanSnapshot span)
    {
        if (trace.SettledGenerations.Count == 0)
        {
            return false;
        }

        var parentId = span.ParentSpanId;
        for (var hops = 0; hops < MaxAncestorHops && !string.IsNullOrEmpty(parentId); hops++)
        {
            if (trace.SettledGenerations.Contains(parentId!))
            {
                return true;
            }

            if (!trace.Spans.TryGetValue(parentId!, out var parent))
            {
                return false;
            }

            parentId = parent.ParentSpanId;
        }

        return false;
    }

    /// <summary>Adds tokens a call sent to every span above it (the immediate parent even when not cached), so each generation above sends only the rest.</summary>
    private static void CountForAncestors(TraceState trace, SpanSnapshot span, in TokenCounts sent)
    {
        var parentId = span.ParentSpanId;
        for (var hops = 0; hops < MaxAncestorHops && !string.IsNullOrEmpty(parentId); hops++)
        {
            trace.CallTokens[parentId!] = trace.CallTokens.TryGetValue(parentId!, out var sum) ? sum.Plus(sent) : sent;
            if (!trace.Spans.TryGetValue(parentId!, out var parent))
            {
                return;
            }

            parentId = parent.ParentSpanId;
        }
    }
}
