using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentTracing.PostHog;

/// <summary>
/// Creates the exporter when the host starts (so configuration warnings appear at start-up) and shuts it down once the
/// host's other services have stopped (<see cref="IHostedLifecycleService.StoppedAsync"/>), so that traces they end
/// while stopping are still sent. The host's stop token bounds the wait.
/// </summary>
internal sealed class PosthogExporterHostedService : IHostedLifecycleService
{
    private readonly PosthogExporter _exporter;
    private readonly ILogger _logger;

    public PosthogExporterHostedService(PosthogExporter exporter, ILoggerFactory? loggerFactory)
    {
        _exporter = exporter;
        _logger = loggerFactory?.CreateLogger<PosthogExporter>() ?? (ILogger)NullLogger.Instance;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _exporter.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            DependencyInjectionLog.ShutdownCutShort(_logger);
        }
    }
}
