using System;
using System.Buffers;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>A growable <see cref="IBufferWriter{T}"/> over one reusable array.</summary>
internal sealed class ByteBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _written;

    public ByteBufferWriter(int initialCapacity) => _buffer = new byte[initialCapacity];

    public int WrittenCount => _written;

    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> WrittenSpan => new(_buffer, 0, _written);

    public ArraySegment<byte> WrittenSegment => new(_buffer, 0, _written);

    public void Clear() => _written = 0;

    /// <summary>Takes back everything written after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        if (length < 0 || length > _written)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        _written = length;
    }

    /// <summary>The bytes at <paramref name="start"/>, <paramref name="length"/> long.</summary>
    public ReadOnlySpan<byte> Slice(int start, int length) => new(_buffer, start, length);

    public void Advance(int count)
    {
        if (count < 0 || _written + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_written));
        _written += bytes.Length;
    }

    public void Write(byte value)
    {
        Ensure(1);
        _buffer[_written++] = value;
    }

    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1)
        {
            sizeHint = 1;
        }

        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var needed = (long)_written + sizeHint;
        var newSize = Math.Max(needed, (long)_buffer.Length * 2);
        if (newSize > int.MaxValue - 64)
        {
            newSize = Math.Max(needed, int.MaxValue - 64);
        }

        Array.Resize(ref _buffer, (int)newSize);
    }
}
