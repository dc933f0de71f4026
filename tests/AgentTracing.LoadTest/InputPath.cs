namespace AgentTracing.LoadTest;

/// <summary>How the load program's traces reach the exporter.</summary>
internal enum InputPath
{
    /// <summary>Tracing events built in code and handed to the exporter, as an instrumented agent does.</summary>
    Code,

    /// <summary>The same tracing events as JSON lines, each read back with <c>TracingJson.Options</c> and exported (recorded traces, other runtimes).</summary>
    Json,

    /// <summary>OpenTelemetry GenAI activities of a real Microsoft.Extensions.AI pipeline, turned into tracing events by <c>GenAIActivityBridge</c>.</summary>
    GenAI,
}
