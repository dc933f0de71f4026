namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>
/// Tests that measure the whole process (its managed heap) run in this collection, alone: never in parallel with
/// other test collections, whose allocations would count against them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Runs alone";
}
