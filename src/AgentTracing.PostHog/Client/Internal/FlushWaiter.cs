using System.Threading.Tasks;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// One <c>FlushAsync</c> or <c>ShutdownAsync</c> call waiting for the events queued up to its watermark.
/// Counters are changed under the client's lock; they are read after <see cref="Completion"/> completes.
/// </summary>
internal sealed class FlushWaiter
{
    public FlushWaiter(long watermark, int remaining)
    {
        Watermark = watermark;
        Remaining = remaining;
    }

    /// <summary>The highest sequence number queued when the call was made.</summary>
    public long Watermark { get; }

    /// <summary>Events up to the watermark that have no outcome yet.</summary>
    public int Remaining { get; private set; }

    public int Sent { get; private set; }

    public int Failed { get; private set; }

    public int Dropped { get; private set; }

    public int Stored { get; private set; }

    public int Unsent { get; private set; }

    public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Counts one outcome. Returns <see langword="true"/> when it was the last event the waiter waited for.</summary>
    public bool Record(EventOutcome outcome)
    {
        switch (outcome)
        {
            case EventOutcome.Sent:
                Sent++;
                break;
            case EventOutcome.Failed:
                Failed++;
                break;
            case EventOutcome.Stored:
                Stored++;
                break;
            case EventOutcome.Dropped:
            case EventOutcome.StorageFull:
                Dropped++;
                break;
            default:
                Unsent++;
                break;
        }

        Remaining--;
        return Remaining == 0;
    }
}
