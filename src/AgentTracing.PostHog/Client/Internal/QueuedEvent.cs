using System;
using System.Buffers;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>One event serialised at capture time, as it waits in a lane queue and travels in batches.</summary>
/// <remarks>
/// Its JSON lives in an array rented from <see cref="Buffers"/>. Only the sending worker reads it, and
/// only the worker gives it back (<see cref="ReturnBuffer"/>), once the event has its outcome and no request will be
/// built from it again. Events abandoned at a shutdown timeout keep their array for the garbage collector, as the
/// worker may still be reading them.
/// </remarks>
internal sealed class QueuedEvent
{
    /// <summary>Events up to this size take their array from <see cref="Buffers"/>; larger ones get their own.</summary>
    private const int MaxPooledSize = 64 * 1024;

    /// <summary>
    /// The client's own pool: events wait in the queue in their hundreds, more than the shared pool keeps per size,
    /// and are rented on the callers' threads but returned on the worker's. Bounded: it keeps at most 128 arrays of
    /// each power-of-two size from 16 B to 64 KB, so at most 16 MB even if every size were full at once.
    /// </summary>
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(MaxPooledSize, maxArraysPerBucket: 128);

    private byte[]? _buffer;

    public QueuedEvent(byte[] buffer, int size, string uuid, string eventName)
    {
        _buffer = buffer;
        Size = size;
        Uuid = uuid;
        EventName = eventName;
    }

    /// <summary>The event's UTF-8 JSON object, exactly as it goes into the <c>batch</c> array.</summary>
    public ReadOnlySpan<byte> Json => new(_buffer ?? throw new InvalidOperationException("The event's buffer was returned."), 0, Size);

    /// <summary>The event's uuid (lower-case "D" form).</summary>
    public string Uuid { get; }

    /// <summary>The event name, for log lines.</summary>
    public string EventName { get; }

    /// <summary>The size in bytes counted against the limits.</summary>
    public int Size { get; }

    /// <summary>The client-wide sequence number, assigned when queued. Guarded by the client's lock.</summary>
    public long Sequence { get; set; }

    /// <summary>Whether the event has an outcome. Guarded by the client's lock; set once.</summary>
    public bool Finished { get; set; }

    /// <summary>Copies <paramref name="json"/> into a rented array.</summary>
    public static QueuedEvent Create(ReadOnlySpan<byte> json, string uuid, string eventName)
    {
        var buffer = json.Length <= MaxPooledSize ? Buffers.Rent(json.Length) : new byte[json.Length];
        json.CopyTo(buffer);
        return new QueuedEvent(buffer, json.Length, uuid, eventName);
    }

    /// <summary>Gives the JSON's array back to the pool. Called by the sending worker only, once.</summary>
    public void ReturnBuffer()
    {
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null && buffer.Length <= MaxPooledSize)
        {
            Buffers.Return(buffer);
        }
    }
}
