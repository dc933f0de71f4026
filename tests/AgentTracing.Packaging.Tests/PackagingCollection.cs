namespace AgentTracing.Packaging.Tests;

/// <summary>The tests that consume the packed packages share one <see cref="PackageFeed"/> and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "Packaging";
}
