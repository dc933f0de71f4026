using System;
using System.Collections.Generic;
using System.Threading;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// The arrays that hold queued events' JSON, bounded by the bytes it keeps rather than by a count per size.
/// </summary>
/// <remarks>
/// Under load thousands of events wait in the queue at once, mostly of one or two sizes. A pool that kept a fixed
/// number of arrays per size (as <see cref="System.Buffers.ArrayPool{T}.Create(int, int)"/> does) ran out there, and
/// every array it could not supply was new: garbage once sent, and copied by the garbage collector while it waited.
/// This pool keeps any mix of sizes up to its byte budget. Arrays are rented on the callers' threads and returned on
/// the sending worker's; each size has its own short lock.
/// </remarks>
internal sealed class EventBufferPool
{
    /// <summary>Arrays up to this length are pooled; longer ones are allocated and left to the garbage collector.</summary>
    public const int MaxPooledLength = 64 * 1024;

    /// <summary>The shortest array handed out: the size of the first bucket.</summary>
    public const int MinLength = 256;

    private const int MinLengthLog2 = 8;

    private readonly Stack<byte[]>[] _buckets;
    private readonly Lock[] _bucketLocks;
    private readonly long _maxRetainedBytes;
    private long _retainedBytes;

    /// <summary>Creates a pool that keeps at most <paramref name="maxRetainedBytes"/> bytes of returned arrays.</summary>
    public EventBufferPool(long maxRetainedBytes)
    {
        _maxRetainedBytes = maxRetainedBytes;
        _buckets = new Stack<byte[]>[BucketIndex(MaxPooledLength) + 1];
        _bucketLocks = new Lock[_buckets.Length];
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Stack<byte[]>();
            _bucketLocks[i] = new Lock();
        }
    }

    /// <summary>The process-wide pool of the PostHog clients: at most 16 MB kept.</summary>
    public static EventBufferPool Shared { get; } = new(16 * 1024 * 1024);

    /// <summary>The bytes of the arrays the pool holds now.</summary>
    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    /// <summary>
    /// An array of at least <paramref name="minimumLength"/> bytes: its bucket's size (a power of two from
    /// <see cref="MinLength"/>) when pooled, else exactly the length asked for.
    /// </summary>
    public byte[] Rent(int minimumLength)
    {
        if (minimumLength > MaxPooledLength)
        {
            return NewArray(minimumLength);
        }

        var index = BucketIndex(minimumLength);
        var bucket = _buckets[index];
        lock (_bucketLocks[index])
        {
            if (bucket.Count > 0)
            {
                var array = bucket.Pop();
                Interlocked.Add(ref _retainedBytes, -array.Length);
                return array;
            }
        }

        return NewArray(MinLength << index);
    }

    /// <summary>
    /// Keeps <paramref name="array"/> for a later <see cref="Rent"/>, unless the budget is spent or the array is not
    /// one this pool hands out (then it is left to the garbage collector).
    /// </summary>
    public void Return(byte[] array)
    {
        var length = array.Length;
        if (length < MinLength || length > MaxPooledLength || (length & (length - 1)) != 0)
        {
            return;
        }

        if (Interlocked.Add(ref _retainedBytes, length) > _maxRetainedBytes)
        {
            Interlocked.Add(ref _retainedBytes, -length);
            return;
        }

        var index = BucketIndex(length);
        var bucket = _buckets[index];
        lock (_bucketLocks[index])
        {
            bucket.Push(array);
        }
    }

    /// <summary>The bucket of arrays of length <c>MinLength &lt;&lt; index</c> that serves <paramref name="length"/>.</summary>
    private static int BucketIndex(int length)
    {
        if (length <= MinLength)
        {
            return 0;
        }

#if NET
        return System.Numerics.BitOperations.Log2((uint)(length - 1)) + 1 - MinLengthLog2;
#else
        var log2 = 0;
        for (var v = (uint)(length - 1); v != 0; v >>= 1)
        {
            log2++;
        }

        return log2 - MinLengthLog2;
#endif
    }

    private static byte[] NewArray(int length) =>
#if NET
        GC.AllocateUninitializedArray<byte>(length);
#else
        new byte[length];
#endif
}
