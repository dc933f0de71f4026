using System;
using System.Diagnostics;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// Sends the agent runs, model calls and tool calls of Microsoft.Extensions.AI (<c>UseOpenTelemetry()</c>), the Microsoft
/// Agent Framework and Semantic Kernel to PostHog, without the OpenTelemetry SDK: an <see cref="ActivityListener"/> on
/// their GenAI activity sources turns every activity into tracing events for a <see cref="PosthogExporter"/>.
/// </summary>
/// <remarks>
/// The listener asks for all data (the libraries add their tags only then) without setting the <c>Recorded</c> flag, so an
/// OpenTelemetry SDK in the same app still exports exactly what its own sampler chose. Message content is sent only when
/// the library captures it (<c>EnableSensitiveData</c>, <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c>, or
/// Semantic Kernel's sensitive diagnostics switch) and the exporter is not in privacy mode.
/// <para>
/// With a <see cref="PosthogExporter"/>, a callback only decides what the activity is and reads its user and session (the
/// resolvers run on the application's thread); its tags are converted and handed to the exporter on a background
/// thread of the bridge, one activity at a time in the order of the callbacks. An application that outpaces that thread
/// waits for it once 256 callbacks are queued. The exporter's <c>FlushAsync</c> and
/// <c>ShutdownAsync</c>, and disposing the bridge, send those first. Any other exporter gets its events during the callback.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var exporter = new PosthogExporter();
/// using var bridge = new GenAIActivityBridge(exporter);
/// IChatClient client = new ChatClientBuilder(inner).UseFunctionInvocation().UseOpenTelemetry().Build();
/// </code>
/// </example>
public sealed class GenAIActivityBridge : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly bool _ownsExporter;
    private int _disposed;

    /// <summary>Starts listening. The bridge does not own <paramref name="exporter"/>: shut the exporter down yourself.</summary>
    /// <param name="exporter">The exporter, usually a <see cref="PosthogExporter"/>.</param>
    /// <param name="options">The settings; <see langword="null"/> means defaults. They are read once, here.</param>
    public GenAIActivityBridge(ITracingExporter exporter, GenAIActivityBridgeOptions? options = null)
        : this(exporter, options, ownsExporter: false)
    {
    }

    internal GenAIActivityBridge(ITracingExporter exporter, GenAIActivityBridgeOptions? options, bool ownsExporter, bool startWorker = true)
    {
        Converter = new GenAIActivityConverter(exporter, options, startWorker);
        _ownsExporter = ownsExporter;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => Converter.ShouldListenTo(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllData,
            ActivityStarted = Converter.OnActivityStarted,
            ActivityStopped = Converter.OnActivityStopped,
        };
        GenAILog.Listening(Converter.Logger, string.Join(", ", Converter.SourceNames));
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The exporter the bridge sends to.</summary>
    public ITracingExporter Exporter => Converter.Exporter;

    /// <summary>
    /// Activities started and not yet stopped that the bridge is tracking, as of the callbacks it has converted (with a
    /// <see cref="PosthogExporter"/>, a callback is converted on the bridge's thread shortly after it returns).
    /// </summary>
    public int TrackedActivityCount => Converter.TrackedActivityCount;

    internal GenAIActivityConverter Converter { get; }

    /// <summary>
    /// Stops listening and sends the events of the activities that have started or stopped so far; activities still open
    /// are no longer tracked. Does not shut the exporter down.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _listener.Dispose();
        Converter.Close();
        if (_ownsExporter && Exporter is IDisposable disposable)
        {
            // PosthogExporter.Dispose ends open spans, sends what is queued (bounded by the client's shutdown timeout) and never throws.
            disposable.Dispose();
        }
    }
}
