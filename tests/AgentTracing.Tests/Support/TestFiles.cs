using System;
using System.IO;
using System.Text.Json.Nodes;

namespace AgentTracing.Tests.Support;

/// <summary>The files under TestData/, copied next to the test assembly.</summary>
internal static class TestFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static JsonNode Json(string name) => JsonNode.Parse(Text(name)) ?? throw new InvalidOperationException(name + " is null");
}
