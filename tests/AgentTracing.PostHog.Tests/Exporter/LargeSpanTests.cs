using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Support;
using Microsoft.Extensions.Logging;
using static AgentTracing.PostHog.Tests.Support.Spans;

namespace AgentTracing.PostHog.Tests.Exporter;

/// <summary>A span with tens of thousands of metadata keys or tags: one event with the first 1,000 custom properties, one warning.</summary>
public sealed class LargeSpanTests
{
    [Fact]
    public async Task Eighty_thousand_metadata_keys_and_tags_give_one_event_with_the_first_thousand_custom_properties()
    {
        await using var h = new ExporterHarness();
        var span = Span("r", "agent_run", root: true, tags: Enumerable.Range(0, 80_000).Select(i => "tag-" + i).ToArray());
        span.Metadata = Enumerable.Range(0, 80_000).ToDictionary(i => "key-" + i, i => (object?)i);
        span.Metadata["userId"] = "user-1";

        await h.Life(span);

        var properties = h.Single().Properties!;
        var custom = properties.Where(p => !p.Key.StartsWith('$')).Select(p => p.Key).ToList();
        Assert.Equal(EventProperties.MaxUserProperties, custom.Count);
        Assert.Equal(Enumerable.Range(0, EventProperties.MaxUserProperties).Select(i => "tag-" + i), custom);
        Assert.Equal("t1", (string?)properties["$ai_trace_id"]);
        Assert.Single(h.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("has more than 1000 custom properties", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_already_written_can_still_be_replaced_at_the_limit()
    {
        await using var h = new ExporterHarness();
        var metadata = new Dictionary<string, object?>();
        for (var i = 0; i < EventProperties.MaxUserProperties; i++)
        {
            metadata["key-" + i] = i;
        }

        var span = Span("c", "tool_call", attr: """{"key-0":"from attributes"}""");
        span.Metadata = metadata;

        await h.Life(span);

        var properties = h.Single().Properties!;
        Assert.Equal(0, (int)properties["key-0"]!);
        Assert.Equal(EventProperties.MaxUserProperties, properties.Count(p => p.Key.StartsWith("key-", System.StringComparison.Ordinal)));
    }
}
