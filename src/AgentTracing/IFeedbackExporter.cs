using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing;

/// <summary>
/// Receives feedback on traces (a thumbs up or down, a rating, a comment) and sends it somewhere. Implementations never
/// throw into the host app and never block the caller on I/O. Dependency-injection setups register their exporter as
/// this interface, so feedback can be sent from any service without depending on a concrete exporter.
/// </summary>
public interface IFeedbackExporter
{
    /// <summary>Hands one piece of feedback to the exporter.</summary>
    /// <param name="feedbackEvent">The feedback; its <see cref="ExportedFeedback.TraceId"/> names the trace it is about.</param>
    /// <param name="cancellationToken">Accepted for symmetry; processing is not cancellable.</param>
    /// <returns>A task that completes when the feedback has been accepted (not delivered).</returns>
    Task ExportFeedbackAsync(FeedbackEvent feedbackEvent, CancellationToken cancellationToken = default);
}
