namespace AgentTracing.PostHog.Tests.Exporter.ApplicationTypes;

/// <summary>A type no application resolver knows.</summary>
public sealed class UnknownToTheApp
{
    public string Name { get; set; } = "";
}
