using System;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// UUID version 7 (RFC 9562): 48-bit big-endian Unix milliseconds, version 7, 12 random bits, variant 10, 62 random bits.
/// Written in lower-case 8-4-4-4-12 form.
/// </summary>
internal static class UuidV7
{
#if !NET8_0_OR_GREATER
    [ThreadStatic]
    private static Random? t_random;

#endif
    /// <summary>A new UUIDv7 for <paramref name="timestamp"/>, as a lower-case "D" string.</summary>
    public static string NewString(DateTimeOffset timestamp) => New(timestamp).ToString("D");

    /// <summary>A new UUIDv7 for <paramref name="timestamp"/> (times before 1970 count as 1970).</summary>
    public static Guid New(DateTimeOffset timestamp) => CreatePortable(timestamp);

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

        // The 74 random bits come from a per-thread generator seeded by the OS (xoshiro256** on .NET 6+): uuids need
        // uniqueness, not secrecy, and a system call per event (Guid.NewGuid, Guid.CreateVersion7) costs ~0.5 µs here.
#if NET8_0_OR_GREATER
        Span<byte> r = stackalloc byte[16];
        Random.Shared.NextBytes(r);
#else
        var r = new byte[16];
        (t_random ??= new Random(Guid.NewGuid().GetHashCode())).NextBytes(r);
#endif
        var a = (int)(ms >> 16);
        var b = (short)(ms & 0xFFFF);
        var randA = ((r[7] & 0x0F) << 8) | r[6];
        var c = (short)(0x7000 | randA);
        var d = (byte)(0x80 | (r[8] & 0x3F));
        return new Guid(a, b, c, d, r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
    }
}
