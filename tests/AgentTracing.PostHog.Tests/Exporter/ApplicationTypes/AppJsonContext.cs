using System.Text.Json.Serialization;

namespace AgentTracing.PostHog.Tests.Exporter.ApplicationTypes;

/// <summary>The application's source-generated serialisation metadata, as a trimmed or NativeAOT app would have it.</summary>
[JsonSerializable(typeof(WeatherReport))]
public sealed partial class AppJsonContext : JsonSerializerContext;
