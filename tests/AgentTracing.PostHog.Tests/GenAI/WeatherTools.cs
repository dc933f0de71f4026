using System;
using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>The tools the scripted model calls.</summary>
internal static class WeatherTools
{
    public static AIFunction GetWeather { get; } = AIFunctionFactory.Create(
        ([Description("The city")] string city) => new WeatherReport(21, city), "get_weather", "Get weather");

    public static AIFunction Failing { get; } = AIFunctionFactory.Create(
        WeatherReport ([Description("The city")] string city) => throw new InvalidOperationException("weather service down"), "get_weather", "Get weather");

    internal sealed record WeatherReport(int TempC, string City);
}
