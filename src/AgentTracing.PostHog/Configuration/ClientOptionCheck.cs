using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace AgentTracing.PostHog;

/// <summary>
/// Checks client options one at a time: a bad value is replaced by its default and adds one message naming the option,
/// the rule, the value given and (when asked) the default used instead.
/// </summary>
internal sealed class ClientOptionCheck
{
    private readonly List<string> _messages;
    private readonly string _prefix;
    private readonly bool _withConsequence;

    public ClientOptionCheck(List<string> messages, string prefix, bool withConsequence)
    {
        _messages = messages;
        _prefix = prefix;
        _withConsequence = withConsequence;
    }

    /// <summary><paramref name="value"/> when at least <paramref name="min"/> (0 or 1), else <paramref name="fallback"/>.</summary>
    public int AtLeast(string name, int value, int min, int fallback) =>
        value >= min ? value : Bad(name, Rule(min), Format(value), Format(fallback), fallback);

    /// <inheritdoc cref="AtLeast(string, int, int, int)"/>
    public long AtLeast(string name, long value, long min, long fallback) =>
        value >= min ? value : Bad(name, Rule(min), Format(value), Format(fallback), fallback);

    /// <summary><paramref name="value"/> when from <paramref name="min"/> to <paramref name="max"/>, else <paramref name="fallback"/>.</summary>
    public int InRange(string name, int value, int min, int max, string what, int fallback) =>
        value >= min && value <= max ? value : Bad(name, $"must be {what} from {Format(min)} to {Format(max)}", Format(value), Format(fallback), fallback);

    /// <summary>
    /// <paramref name="value"/> when positive, or zero where <paramref name="zero"/> allows it, or infinite where
    /// <paramref name="infinite"/> does; else <paramref name="fallback"/>.
    /// </summary>
    public TimeSpan Duration(string name, TimeSpan value, TimeSpan fallback, bool zero, bool infinite) =>
        value > TimeSpan.Zero || (zero && value == TimeSpan.Zero) || (infinite && value == Timeout.InfiniteTimeSpan)
            ? value
            : Bad(name, zero ? "must not be negative" : "must be positive", Format(value), Format(fallback), fallback);

    private static string Rule(long min) => min == 0 ? "must not be negative" : "must be at least " + Format(min);

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private T Bad<T>(string name, string rule, string given, string fallbackText, T fallback)
    {
        _messages.Add(_prefix + name + " " + rule + ", got " + given + " (ConfigureClient)." + (_withConsequence ? " Using the default " + fallbackText + "." : ""));
        return fallback;
    }
}
