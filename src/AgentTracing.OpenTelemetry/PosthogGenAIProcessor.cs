using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog;
using OpenTelemetry;

namespace AgentTracing.OpenTelemetry;

/// <summary>
/// An OpenTelemetry span processor that feeds the GenAI activities the SDK records (sampled in) to a
/// <see cref="GenAIActivityConverter"/>, which sends them to a PostHog exporter as they start and end.
/// </summary>
internal sealed class PosthogGenAIProcessor : BaseProcessor<Activity>
{
    private readonly GenAIActivityConverter _converter;
    private readonly ITracingExporter _exporter;
    private readonly bool _ownsExporter;

    public PosthogGenAIProcessor(ITracingExporter exporter, GenAIActivityBridgeOptions? options, bool ownsExporter)
    {
        _exporter = exporter;
        _ownsExporter = ownsExporter;
        _converter = new GenAIActivityConverter(exporter, options);
    }

    internal ITracingExporter Exporter => _exporter;

    internal bool OwnsExporter => _ownsExporter;

    /// <summary>Only spans the SDK's sampler recorded are sent, as with any other exporter of the provider.</summary>
    public override void OnStart(Activity data)
    {
        if (data is not null && data.Recorded)
        {
            _converter.OnActivityStarted(data);
        }
    }

    public override void OnEnd(Activity data) => _converter.OnActivityStopped(data);

    protected override bool OnForceFlush(int timeoutMilliseconds) => Wait(_exporter.FlushAsync(), timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        // Sends what the converter has queued and stops its worker thread; no span reaches it after this.
        _converter.Close();
        return Wait(_ownsExporter ? _exporter.ShutdownAsync() : _exporter.FlushAsync(), timeoutMilliseconds);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsExporter && _exporter is IDisposable disposable)
        {
            disposable.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool Wait(Task task, int timeoutMilliseconds)
    {
        try
        {
            // The exporter's tasks never capture a synchronization context, so waiting here cannot deadlock.
            return task.Wait(timeoutMilliseconds < 0 ? Timeout.Infinite : timeoutMilliseconds);
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
