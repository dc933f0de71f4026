using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AgentTracing.Packaging.Tests;

/// <summary>What <c>dotnet pack</c> produced: no pack warnings, and the metadata, files and dependencies a NuGet user expects.</summary>
[Collection(PackagingCollection.Name)]
public sealed class PackageContentsTests(PackageFeed feed)
{
    private static readonly string[] Frameworks = ["net10.0", "net8.0", "netstandard2.0"];

    [Fact]
    public void Pack_reports_no_warnings()
    {
        Assert.DoesNotMatch(new Regex(@"warning [A-Z]+\d+"), feed.PackOutput);
        Assert.Contains("Successfully created package", feed.PackOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AgentTracing")]
    [InlineData("AgentTracing.PostHog")]
    [InlineData("AgentTracing.OpenTelemetry")]
    public void Each_package_has_its_readme_licence_links_tags_release_notes_docs_and_symbols(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Folder, $"{id}.{feed.Version}.nupkg"));
        var metadata = Metadata(package, id);

        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(feed.Version, Value(metadata, "version"));
        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.StartsWith("https://github.com/", Value(metadata, "projectUrl"), StringComparison.Ordinal);
        Assert.StartsWith("https://github.com/", (string?)metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url"), StringComparison.Ordinal);
        Assert.Contains("posthog", Value(metadata, "tags"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "releaseNotes")));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));

        var readme = new StreamReader(package.GetEntry("README.md")!.Open()).ReadToEnd();
        Assert.StartsWith("# " + id + "\n", readme, StringComparison.Ordinal);
        foreach (var framework in Frameworks)
        {
            Assert.NotNull(package.GetEntry($"lib/{framework}/{id}.dll"));
            Assert.NotNull(package.GetEntry($"lib/{framework}/{id}.xml"));
        }

        using var symbols = ZipFile.OpenRead(Path.Combine(feed.Folder, $"{id}.{feed.Version}.snupkg"));
        foreach (var framework in Frameworks)
        {
            Assert.NotNull(symbols.GetEntry($"lib/{framework}/{id}.pdb"));
        }
    }

    [Fact]
    public void The_exporter_depends_only_on_the_model_and_the_lowest_abstractions_packages()
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Folder, $"AgentTracing.PostHog.{feed.Version}.nupkg"));
        var groups = Metadata(package, "AgentTracing.PostHog").Elements().Single(e => e.Name.LocalName == "dependencies").Elements().ToList();

        Assert.Equal(3, groups.Count);
        foreach (var group in groups)
        {
            var dependencies = group.Elements().ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!);
            Assert.Equal(feed.Version, dependencies["AgentTracing"]);
            Assert.Equal("8.0.0", dependencies["Microsoft.Extensions.DependencyInjection.Abstractions"]);
            Assert.Equal("8.0.0", dependencies["Microsoft.Extensions.Options"]);
            Assert.Equal("8.0.0", dependencies["Microsoft.Extensions.Hosting.Abstractions"]);
            Assert.Equal("8.0.0", dependencies["Microsoft.Extensions.Logging.Abstractions"]);
            Assert.DoesNotContain(dependencies.Keys, k => k.StartsWith("Microsoft.Extensions.Configuration.Binder", StringComparison.Ordinal));
            Assert.DoesNotContain(dependencies.Keys, k => k.Contains("PublicApiAnalyzers", StringComparison.Ordinal) || k.Contains("PolySharp", StringComparison.Ordinal));
        }
    }

    private static XElement Metadata(ZipArchive package, string id)
    {
        using var stream = package.GetEntry(id + ".nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Value(XElement metadata, string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
}
