using System.Collections.Generic;

namespace AgentTracing.PostHog.Tests.Exporter.ApplicationTypes;

/// <summary>An application's own type, as a tool might return it.</summary>
public sealed class WeatherReport
{
    public string City { get; set; } = "";

    public double TemperatureC { get; set; }

    public List<Forecast> Forecasts { get; set; } = [];
}
