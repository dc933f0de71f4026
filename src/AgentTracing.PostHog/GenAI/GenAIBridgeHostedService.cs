using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace AgentTracing.PostHog;

/// <summary>Starts the GenAI bridge with the host (resolving it creates its listener) and flushes its exporter when the host stops.</summary>
internal sealed class GenAIBridgeHostedService(GenAIActivityBridge bridge) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await bridge.Exporter.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout elapsed; disposing the container still shuts an owned exporter down.
        }
    }
}
