namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>The kinds of malformed tracing input the bad-input test generates.</summary>
public enum BadInputKind
{
    NullEvent,
    NullSpan,
    NullSpanId,
    EmptySpanId,
    NullTraceId,
    EmptyTraceId,
    EndWithoutStart,
    EndBeforeStart,
    DuplicateStart,
    DuplicateEnd,
    DuplicateEventSpan,
    ParentNeverArrives,
    CyclicDictionary,
    CyclicList,
    CyclicObjectGraph,
    TenMegabyteString,
    NaNAndInfinity,
    LoneSurrogate,
    LoneSurrogateInParsedJson,
    DeepJsonNode,
    DeepDictionary,
    GenerationInputAtDepthLimit,
    WrongAttributeTypes,
}
