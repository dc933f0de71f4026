namespace AgentTracing.Documentation.Tests;

/// <summary>
/// The names the README's snippets take as given, as an application would have them: a host builder, an exporter, a
/// logger factory, a chat client, a trace id. Compiled with every snippet and imported with <c>using static</c>, which
/// brings these members and nothing else: every namespace a snippet needs beyond a console app's implicit usings must be
/// in the snippet itself. A snippet that declares one of these names shadows it.
/// </summary>
internal static class Given
{
    public const string Source = """
        #nullable enable
        #pragma warning disable CS8618, CS1591
        public static class Given
        {
            public static Microsoft.Extensions.Hosting.HostApplicationBuilder builder => null!;
            public static AgentTracing.PostHog.PosthogExporter exporter => null!;
            public static Microsoft.Extensions.Logging.ILoggerFactory loggerFactory => null!;
            public static Microsoft.Extensions.AI.IChatClient inner => null!;
            public static AgentTracing.TracingEvent tracingEvent => null!;
            public static string json => "";
            public static string traceId => "";

            public sealed class WeatherReport
            {
                public string? City { get; set; }
            }
        }
        """;
}
