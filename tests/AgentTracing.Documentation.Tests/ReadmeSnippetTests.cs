using System;
using System.Linq;

namespace AgentTracing.Documentation.Tests;

/// <summary>
/// Every C# block of README.md and of the packages' README.md files compiles as a new console app's Program.cs would,
/// with only the usings the block shows (and a console app's implicit ones), so the documentation cannot drift from
/// the API: a renamed member, a moved namespace or a missing <c>using</c> fails here.
/// </summary>
public sealed class ReadmeSnippetTests
{
    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, line, _) in Snippets.All())
        {
            data.Add(file, line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void The_block_compiles_with_the_usings_it_shows(string file, int line)
    {
        var code = Snippets.All().Single(b => b.File == file && b.Line == line).Code;

        var errors = SnippetCompiler.Errors(code);

        Assert.True(errors.Count == 0, $"{file}:{line} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
    }

    [Fact]
    public void Every_json_block_is_valid_JSON()
    {
        var blocks = Snippets.All("json");

        Assert.NotEmpty(blocks);
        foreach (var (file, line, code) in blocks)
        {
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(code);
            }
            catch (System.Text.Json.JsonException ex)
            {
                Assert.Fail($"{file}:{line} is not valid JSON: {ex.Message}\n{code}");
            }
        }
    }

    [Fact]
    public void The_READMEs_have_csharp_blocks_to_check()
    {
        var files = Snippets.All().Select(b => b.File).Distinct().ToList();

        Assert.Contains("README.md", files);
        Assert.Contains("src/AgentTracing.PostHog/README.md", files);
        Assert.Contains("src/AgentTracing.OpenTelemetry/README.md", files);
        Assert.Contains("src/AgentTracing/README.md", files);
    }

    [Fact]
    public void A_block_that_misses_a_using_fails()
    {
        var errors = SnippetCompiler.Errors("await using var exporter = new PosthogExporter();");

        Assert.Contains(errors, e => e.Contains("CS0246", StringComparison.Ordinal) && e.Contains("PosthogExporter", StringComparison.Ordinal));
        Assert.Empty(SnippetCompiler.Errors("using AgentTracing.PostHog;\n\nawait using var exporter = new PosthogExporter();"));
    }
}
