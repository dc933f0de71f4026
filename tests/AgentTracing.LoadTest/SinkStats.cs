namespace AgentTracing.LoadTest;

/// <summary>What a sink received: events (with duplicates), unique uuids, requests, wire bytes, and its process's CPU seconds.</summary>
internal sealed record SinkStats(long Events, long UniqueEvents, long Requests, long WireBytes, double CpuSeconds);
