namespace AgentTracing.PostHog.Tests.Exporter.ApplicationTypes;

/// <summary>A member type of <see cref="WeatherReport"/>: reached only through it.</summary>
public sealed class Forecast
{
    public string Day { get; set; } = "";

    public string Summary { get; set; } = "";
}
