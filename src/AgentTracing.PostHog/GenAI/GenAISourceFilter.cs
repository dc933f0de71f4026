using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>
/// Which activity sources the GenAI bridge listens to: the configured names, compared ordinally, where a name ending in
/// <c>*</c> matches every source name that starts with the rest. Empty names are ignored. Immutable, so thread-safe.
/// </summary>
internal sealed class GenAISourceFilter
{
    private readonly string[] _exactNames;
    private readonly string[] _prefixes;

    public GenAISourceFilter(IEnumerable<string> sourceNames)
    {
        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var name in sourceNames)
        {
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            if (name.EndsWith("*", StringComparison.Ordinal))
            {
                prefixes.Add(name.Substring(0, name.Length - 1));
            }
            else
            {
                exact.Add(name);
            }
        }

        _exactNames = [.. exact];
        _prefixes = [.. prefixes];
    }

    /// <summary>Whether activities of the source named <paramref name="sourceName"/> are converted.</summary>
    public bool Matches(string? sourceName)
    {
        if (sourceName is null)
        {
            return false;
        }

        foreach (var name in _exactNames)
        {
            if (string.Equals(name, sourceName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var prefix in _prefixes)
        {
            if (sourceName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
