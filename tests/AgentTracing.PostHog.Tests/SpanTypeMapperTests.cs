using System.Linq;
using AgentTracing;

namespace AgentTracing.PostHog.Tests;

/// <summary>The seed document's span-type table, for all 34 known types and unknown ones.</summary>
public sealed class SpanTypeMapperTests
{
    [Fact]
    public void Every_known_type_maps_per_the_table()
    {
        Assert.Equal(34, SpanType.KnownValues.Count);
        foreach (var type in SpanType.KnownValues)
        {
            var expected = type == SpanType.ModelGeneration || type == SpanType.ModelStep ? "$ai_generation" : "$ai_span";
            Assert.Equal(expected, SpanTypeMapper.ToPostHogEvent(type));
        }

        Assert.Equal(2, SpanType.KnownValues.Count(t => SpanTypeMapper.ToPostHogEvent(t) == "$ai_generation"));
    }

    [Theory]
    [InlineData("model_generation", "$ai_generation")]
    [InlineData("model_step", "$ai_generation")]
    [InlineData("model_chunk", "$ai_span")]
    [InlineData("tool_call", "$ai_span")]
    [InlineData("mcp_tool_call", "$ai_span")]
    [InlineData("processor_run", "$ai_span")]
    [InlineData("agent_run", "$ai_span")]
    [InlineData("workflow_run", "$ai_span")]
    [InlineData("workflow_loop", "$ai_span")]
    [InlineData("generic", "$ai_span")]
    [InlineData("model_inference", "$ai_span")]
    [InlineData("something_new", "$ai_span")]
    public void The_seed_document_rows(string type, string expected) =>
        Assert.Equal(expected, SpanTypeMapper.ToPostHogEvent(new SpanType(type)));

    [Fact]
    public void Default_counts_as_generic_and_roots_are_traces()
    {
        Assert.Equal("$ai_span", SpanTypeMapper.ToPostHogEvent(default));
        Assert.Equal("$ai_trace", SpanTypeMapper.ToPostHogEvent(SpanType.ModelGeneration, isRootSpan: true, isEvent: false));
        Assert.Equal("$ai_generation", SpanTypeMapper.ToPostHogEvent(SpanType.ModelGeneration, isRootSpan: true, isEvent: true));
    }
}
