using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AgentTracing.Documentation.Tests;

/// <summary>
/// Compiles a snippet as the <c>Program.cs</c> of a new console app would be compiled: C# latest, nullable on, the
/// implicit usings of <c>dotnet new console</c>, the System.Text.Json source generator, and every assembly this test
/// process runs with (the three packages, the .NET AI stack, the OpenTelemetry SDK, ASP.NET Core) as references.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>The implicit usings of a console app (<c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c>).</summary>
    public static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    ];

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly Lazy<ImmutableArray<ISourceGenerator>> Generators = new(LoadJsonSourceGenerator);

    /// <summary>The compiler's errors for <paramref name="code"/>, each with its line in the snippet.</summary>
    public static IReadOnlyList<string> Errors(string code)
    {
        var snippet = CSharpSyntaxTree.ParseText(code, Parse, path: "snippet.cs");
        var globalUsings = CSharpSyntaxTree.ParseText(
            string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")) + "global using static Given;\n", Parse, path: "usings.cs");
        var given = CSharpSyntaxTree.ParseText(Given.Source, Parse, path: "given.cs");
        var hasStatements = snippet.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(
            hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create("Snippet", [snippet, globalUsings, given], References.Value, options);
        CSharpGeneratorDriver.Create(Generators.Value, parseOptions: Parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);

        return generated.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1} ({d.Location.SourceTree?.FilePath}): {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
    }

    /// <summary>The System.Text.Json source generator of the SDK's reference pack for the running runtime.</summary>
    private static ImmutableArray<ISourceGenerator> LoadJsonSourceGenerator()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var path = Directory.Exists(packs)
            ? Directory.GetFiles(packs, "System.Text.Json.SourceGeneration.dll", SearchOption.AllDirectories)
                .Where(p => p.Contains($"{Path.DirectorySeparatorChar}cs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderByDescending(p => p, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        if (path is null)
        {
            throw new InvalidOperationException("System.Text.Json.SourceGeneration.dll not found under " + packs);
        }

        var assembly = Assembly.LoadFrom(path);
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToImmutableArray();
    }
}
