using System.Reflection;

namespace AgentTracing.PostHog;

/// <summary>The library's name and version, as sent in <c>$lib_version</c> and the User-Agent.</summary>
internal static class LibraryInfo
{
    /// <summary>The informational version without any <c>+metadata</c> suffix.</summary>
    public static readonly string Version = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(LibraryInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return typeof(LibraryInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        var plus = informational!.IndexOf('+');
        return plus < 0 ? informational : informational.Substring(0, plus);
    }
}
