namespace AgentTracing.PostHog.Tests.Diagnostics;

/// <summary>
/// The event source is process-wide: the tests that listen to it run in this collection, never in parallel with other
/// collections, so the events they see are their own exporters'.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiagnosticsCollection
{
    public const string Name = "Process-wide diagnostics";
}
