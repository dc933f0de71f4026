using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog;

/// <summary>Fills what the application's services provide and the options left unset: the logger and the clock.</summary>
internal sealed class PosthogExporterPostConfigureOptions(ILoggerFactory? loggerFactory, TimeProvider? timeProvider) : IPostConfigureOptions<PosthogExporterOptions>
{
    public void PostConfigure(string? name, PosthogExporterOptions options) =>
        PosthogExporterFactory.FillFromServices(options, loggerFactory, timeProvider);
}
