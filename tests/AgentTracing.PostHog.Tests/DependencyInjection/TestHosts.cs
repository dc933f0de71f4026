using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.DependencyInjection;

/// <summary>
/// Generic hosts as an application builds them: in-memory configuration standing in for appsettings.json, fake logging
/// (so the tests see what goes through the app's <see cref="ILoggerFactory"/>), and a fixed set of environment variables
/// handed to the exporter's seam, so no test reads or changes the process environment.
/// </summary>
internal static class TestHosts
{
    public const string ApiKey = "phc_di_SECRET_key_0123456789";

    /// <summary>A host builder; <paramref name="register"/> adds the exporter (and anything else) to its services.</summary>
    public static HostApplicationBuilder Builder(
        Dictionary<string, string?> configuration,
        Action<IServiceCollection> register,
        Dictionary<string, string?>? environment = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        var env = environment ?? new Dictionary<string, string?>();
        builder.Services.Configure<PosthogExporterOptions>(o => o.GetEnvironmentVariable = name => env.TryGetValue(name, out var value) ? value : null);
        register(builder.Services);
        return builder;
    }

    public static IHost Build(
        Dictionary<string, string?> configuration,
        Action<IServiceCollection> register,
        Dictionary<string, string?>? environment = null) => Builder(configuration, register, environment).Build();

    /// <summary>Configuration for a working exporter that sends to <paramref name="host"/> only when flushed or shut down.</summary>
    public static Dictionary<string, string?> Sending(string host) => new()
    {
        ["PostHog:ApiKey"] = ApiKey,
        ["PostHog:Host"] = host,
        ["PostHog:FlushAt"] = "1000",
        ["PostHog:FlushInterval"] = "01:00:00",
    };
}
