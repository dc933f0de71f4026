using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace AgentTracing.Packaging.Tests;

/// <summary>
/// Packs AgentTracing, AgentTracing.PostHog and AgentTracing.OpenTelemetry once, into a temporary folder, with a version no other build has
/// (<c>0.1.0-pkgtest.&lt;time&gt;.r&lt;random&gt;</c>), so that a restore can only take them from that folder and never a stale
/// copy from the global packages folder. The projects are packed as the test project's build left them (it builds every
/// target framework of each). On dispose, the folder and the copies restore put in the global packages folder are deleted.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    public static readonly string[] PackageIds = ["AgentTracing", "AgentTracing.PostHog", "AgentTracing.OpenTelemetry"];

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder holding the packed .nupkg and .snupkg files.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "agenttracing-feed-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The version the packages were packed with.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The output of the pack commands.</summary>
    public string PackOutput { get; private set; } = "";

    /// <summary>The configuration the tests were built in (the one whose outputs are packed).</summary>
    public static string Configuration { get; } =
        typeof(PackageFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        // The random part starts with a letter: six hex digits can be all decimal with a leading zero ("031493"), which
        // SemVer forbids in a numeric identifier, and pack then fails.
        var suffix = $"pkgtest.{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}.r{Guid.NewGuid().ToString("N")[..6]}";
        var output = "";
        foreach (var id in PackageIds)
        {
            var project = Path.Combine(RepositoryRoot, "src", id, id + ".csproj");
            var result = await Commands.DotnetAsync(
                $"pack \"{project}\" --no-build -c {Configuration} -o \"{Folder}\" -p:VersionSuffix={suffix}",
                RepositoryRoot, TimeSpan.FromMinutes(3));
            output += result + "\n";
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + result);
            }
        }

        PackOutput = output;
        var package = Directory.GetFiles(Folder, "AgentTracing.PostHog.*.nupkg").Single(f => !f.EndsWith(".snupkg", StringComparison.Ordinal));
        Version = Path.GetFileNameWithoutExtension(package)["AgentTracing.PostHog.".Length..];
    }

    /// <summary>A NuGet.config for a consumer project: this folder added to the machine's usual package sources.</summary>
    public string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="agenttracing-under-test" value="{Folder}" />
          </packageSources>
        </configuration>
        """;

    public Task DisposeAsync()
    {
        TryDelete(Folder);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var idFolder = Path.Combine(globalPackages, id.ToLowerInvariant());
            TryDelete(Path.Combine(idFolder, Version.ToLowerInvariant()));
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                TryDelete(idFolder);
            }
        }

        return Task.CompletedTask;
    }

    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temporary folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
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
