using System;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// UUID version 7 (RFC 9562): 48-bit big-endian Unix milliseconds, version 7, 12 random bits, variant 10, 62 random bits.
/// Written in lower-case 8-4-4-4-12 form.
/// </summary>
internal static class UuidV7
{
    /// <summary>A new UUIDv7 for <paramref name="timestamp"/>, as a lower-case "D" string.</summary>
    public static string NewString(DateTimeOffset timestamp)
    {
        if (timestamp < DateTimeOffset.FromUnixTimeMilliseconds(0))
        {
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(0);
        }

#if NET9_0_OR_GREATER
        return Guid.CreateVersion7(timestamp).ToString("D");
#else
        return CreatePortable(timestamp).ToString("D");
#endif
    }

    /// <summary>
    /// Builds a UUIDv7 without <c>Guid.CreateVersion7</c> (.NET 8, .NET Standard 2.0). Compiled on every target so it is tested everywhere.
    /// The <see cref="Guid(int, short, short, byte, byte, byte, byte, byte, byte, byte, byte)"/> constructor takes its fields as numbers,
    /// so the string form is big-endian whatever <see cref="Guid"/>'s little-endian byte layout.
    /// </summary>
    internal static Guid CreatePortable(DateTimeOffset timestamp)
    {
        var ms = timestamp.ToUnixTimeMilliseconds();
        if (ms < 0)
        {
            ms = 0;
        }

        // Guid.NewGuid is a thread-safe CSPRNG-backed v4: in its byte array, bytes 0-6, the low nibble of 7,
        // the low 6 bits of 8 and bytes 9-15 are random.
#if NET8_0_OR_GREATER
        Span<byte> r = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(r);
#else
        var r = Guid.NewGuid().ToByteArray();
#endif
        var a = (int)(ms >> 16);
        var b = (short)(ms & 0xFFFF);
        var randA = ((r[7] & 0x0F) << 8) | r[6];
        var c = (short)(0x7000 | randA);
        var d = (byte)(0x80 | (r[8] & 0x3F));
        return new Guid(a, b, c, d, r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
    }
}
