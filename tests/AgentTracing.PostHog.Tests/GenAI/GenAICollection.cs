namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>
/// Activity listeners and sources are process-global: every test that starts a bridge runs in this collection, one at a
/// time and never alongside another collection, so no test sees another's activities.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GenAICollection
{
    public const string Name = "GenAI activities";
}
