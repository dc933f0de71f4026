using System.Collections.Generic;

namespace AgentTracing.PostHog;

/// <summary>
/// What the application's <c>PostHog</c> configuration section supplied. The API key and the host are kept here rather
/// than in the options' public properties so that the <c>POSTHOG_API_KEY</c> and <c>POSTHOG_HOST</c> environment
/// variables can win over the section while code still wins over both. The other values are written to the options
/// before code runs; <see cref="Values"/> remembers them so that a message can say where a bad value came from.
/// </summary>
internal sealed class ConfigurationLayer(string path)
{
    /// <summary>The section's path, for example <c>PostHog</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The API key of the section (<c>ApiKey</c>, else <c>ProjectApiKey</c> as PostHog's .NET SDK names it).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The configuration key the API key was read from.</summary>
    public string? ApiKeyKey { get; set; }

    /// <summary>The host of the section (<c>Host</c>, else <c>HostUrl</c> as PostHog's .NET SDK names it).</summary>
    public string? Host { get; set; }

    /// <summary>The configuration key the host was read from.</summary>
    public string? HostKey { get; set; }

    /// <summary>The storage directory of the section, kept here so that <c>POSTHOG_STORAGE_DIRECTORY</c> wins over it.</summary>
    public string? StorageDirectory { get; set; }

    /// <summary>The parsed value of every other key the section set, by option name.</summary>
    public Dictionary<string, object> Values { get; } = [];

    /// <summary>Values that did not parse, one message each.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The full configuration path of <paramref name="key"/>.</summary>
    public string PathOf(string key) => Path + ":" + key;
}
