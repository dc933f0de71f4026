using System.Text.Json.Nodes;

namespace AgentTracing.PostHog;

/// <summary>Receives one property of an event being built. The node still belongs to its source and must be converted.</summary>
internal delegate void PropertyWriter(string key, JsonNode value);
