using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AgentTracing.Documentation.Tests;

/// <summary>The fenced code blocks of the repository's README.md and of each package's README.md.</summary>
internal static class Snippets
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every block in <paramref name="language"/>, as (file relative to the root, 1-based line of its first line, text).</summary>
    public static IReadOnlyList<(string File, int Line, string Code)> All(string language = "csharp")
    {
        var files = new List<string> { Path.Combine(Root, "README.md") };
        files.AddRange(Directory.GetDirectories(Path.Combine(Root, "src"))
            .Select(d => Path.Combine(d, "README.md"))
            .Where(File.Exists)
            .OrderBy(f => f, StringComparer.Ordinal));

        var blocks = new List<(string, int, string)>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (Match match in Regex.Matches(text, "^```" + Regex.Escape(language) + @"\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline))
            {
                var line = text.AsSpan(0, match.Index).Count('\n') + 2;
                blocks.Add((Path.GetRelativePath(Root, file).Replace('\\', '/'), line, match.Groups[1].Value));
            }
        }

        return blocks;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PosthogExporter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PosthogExporter.sln not found above " + AppContext.BaseDirectory);
    }
}
