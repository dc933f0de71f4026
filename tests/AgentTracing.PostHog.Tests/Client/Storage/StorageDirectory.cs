using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AgentTracing.PostHog.Tests.Client.Storage;

/// <summary>A fresh temporary storage directory, deleted when the test ends, and what its batch files hold.</summary>
internal sealed partial class StorageDirectory : IDisposable
{
    public StorageDirectory() => Path = Directory.CreateTempSubdirectory("posthog-storage-").FullName;

    public string Path { get; }

    /// <summary>The batch files (not leased, not temporary), oldest first.</summary>
    public IReadOnlyList<string> BatchFiles =>
        Directory.EnumerateFiles(Path, "*.phb").Where(f => f.EndsWith(".phb", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every file in the directory, by name.</summary>
    public IReadOnlyList<string> AllFileNames => Directory.EnumerateFiles(Path).Select(f => System.IO.Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

    /// <summary>The uuids of the events in the batch files, read from their JSON text.</summary>
    public IReadOnlyList<string> StoredUuids =>
        BatchFiles.SelectMany(f => UuidPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temporary folder is cleaned by the system.
        }
    }

    [GeneratedRegex("\"uuid\":\"([0-9a-f-]{36})\"")]
    private static partial Regex UuidPattern();
}
