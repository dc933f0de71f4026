using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>The C# source files of the repository, for tests that check what the code never does.</summary>
internal static class SourceFiles
{
    /// <summary>The repository root: the first directory above the test binaries that holds <c>PosthogExporter.sln</c>.</summary>
    public static string Root
    {
        get
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

    /// <summary>Every <c>.cs</c> file under <paramref name="folder"/> (relative to the root), build output excluded.</summary>
    public static IReadOnlyList<(string Path, string Text)> Read(string folder)
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !p.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(Root, p), File.ReadAllText(p)))
            .ToList();
    }
}
