namespace AgentTracing.PostHog;

/// <summary>
/// A one-word summary of a set of property keys (one bit per key, from its length and end characters), to answer
/// "certainly not in the set" without hashing or comparing text: most custom keys are not among the keys already
/// written, and this skips their lookup.
/// </summary>
internal static class KeyFilter
{
    /// <summary>The bit of <paramref name="key"/>.</summary>
    public static ulong Bit(string key)
    {
        var length = key.Length;
        var mix = length == 0 ? 0 : (length * 7) + key[0] + (key[length - 1] * 3);
        return 1UL << (mix & 63);
    }

    /// <summary>Whether <paramref name="key"/> may be in the set summarised by <paramref name="filter"/>.</summary>
    public static bool MayContain(ulong filter, string key) => (filter & Bit(key)) != 0;
}
