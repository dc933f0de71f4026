using System;
using System.Collections.Generic;
using System.IO;

namespace AgentTracing.Packaging.Tests;

/// <summary>A new application in a temporary folder outside the repository (so none of its build settings apply), with a NuGet.config that adds the packed packages' folder.</summary>
public sealed class ConsumerProject : IDisposable
{
    public ConsumerProject(string name, PackageFeed feed, IReadOnlyDictionary<string, string> files)
    {
        Name = name;
        Directory = Path.Combine(Path.GetTempPath(), "agenttracing-consumer-" + Guid.NewGuid().ToString("N")[..12], name);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "NuGet.config"), feed.NuGetConfig());
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(Directory, path), text);
        }
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    public void Dispose() => PackageFeed.TryDelete(Path.GetDirectoryName(Directory)!);
}
