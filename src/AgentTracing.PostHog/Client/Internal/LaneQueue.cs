using System.Collections.Generic;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>A lane's FIFO queue with its byte count. Every member is used under the client's lock.</summary>
internal sealed class LaneQueue
{
    private readonly Queue<QueuedEvent> _items = new();

    public LaneQueue(Lane lane) => Lane = lane;

    public Lane Lane { get; }

    public int Count => _items.Count;

    /// <summary>Summed <see cref="QueuedEvent.Size"/> of the queued events.</summary>
    public long Bytes { get; private set; }

    public void Enqueue(QueuedEvent item)
    {
        _items.Enqueue(item);
        Bytes += item.Size;
    }

    public QueuedEvent Peek() => _items.Peek();

    public QueuedEvent Dequeue()
    {
        var item = _items.Dequeue();
        Bytes -= item.Size;
        return item;
    }

    /// <summary>Removes every event and adds it to <paramref name="into"/>.</summary>
    public void DrainTo(List<QueuedEvent> into)
    {
        into.AddRange(_items);
        _items.Clear();
        Bytes = 0;
    }
}
