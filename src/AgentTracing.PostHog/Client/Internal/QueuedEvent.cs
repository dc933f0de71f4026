using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>One event serialised at capture time, as it waits in a lane queue and travels in batches.</summary>
/// <remarks>
/// Its JSON lives in an array rented from <see cref="EventBufferPool.Shared"/>. Only the sending worker reads it, and
/// only the worker gives it back (<see cref="ReturnBuffer"/>), once the event has its outcome and no request will be
/// built from it again. Events abandoned at a shutdown timeout keep their array for the garbage collector, as the
/// worker may still be reading them.
/// </remarks>
internal sealed class QueuedEvent
{
    private byte[]? _buffer;

    private readonly Guid _uuid;

    public QueuedEvent(byte[] buffer, int size, Guid uuid, string eventName)
    {
        _buffer = buffer;
        Size = size;
        _uuid = uuid;
        EventName = eventName;
    }

    /// <summary>The event's UTF-8 JSON object, exactly as it goes into the <c>batch</c> array.</summary>
    public ReadOnlySpan<byte> Json => new(_buffer ?? throw new InvalidOperationException("The event's buffer was returned."), 0, Size);

    /// <summary>The event's uuid (lower-case "D" form), for reports; formatted when asked for, which is rare.</summary>
    public string Uuid => _uuid.ToString("D");

    /// <summary>The event name, for log lines.</summary>
    public string EventName { get; }

    /// <summary>The size in bytes counted against the limits.</summary>
    public int Size { get; }

    /// <summary>The client-wide sequence number, assigned when queued. Guarded by the client's lock.</summary>
    public long Sequence { get; set; }

    /// <summary>Whether the event has an outcome. Guarded by the client's lock; set once.</summary>
    public bool Finished { get; set; }

    /// <summary>Copies <paramref name="json"/> into a rented array.</summary>
    public static QueuedEvent Create(ReadOnlySpan<byte> json, Guid uuid, string eventName)
    {
        var buffer = EventBufferPool.Shared.Rent(json.Length);
        json.CopyTo(buffer);
        return new QueuedEvent(buffer, json.Length, uuid, eventName);
    }

    /// <summary>The uuids of <paramref name="events"/>, for reports.</summary>
    public static string[] Uuids(IReadOnlyList<QueuedEvent> events)
    {
        var uuids = new string[events.Count];
        for (var i = 0; i < uuids.Length; i++)
        {
            uuids[i] = events[i].Uuid;
        }

        return uuids;
    }

    /// <summary><see cref="ReturnBuffer"/> for each of <paramref name="events"/>.</summary>
    public static void ReturnBuffers(IEnumerable<QueuedEvent> events)
    {
        foreach (var e in events)
        {
            e.ReturnBuffer();
        }
    }

    /// <summary>Gives the JSON's array back to the pool. Called by the sending worker only, once.</summary>
    public void ReturnBuffer()
    {
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            EventBufferPool.Shared.Return(buffer);
        }
    }
}
