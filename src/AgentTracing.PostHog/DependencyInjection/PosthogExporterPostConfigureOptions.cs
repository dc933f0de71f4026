using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog;

/// <summary>Fills what the application's services provide and the options left unset: the logger and the clock.</summary>
internal sealed class PosthogExporterPostConfigureOptions : IPostConfigureOptions<PosthogExporterOptions>
{
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider? _timeProvider;

    public PosthogExporterPostConfigureOptions(ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
    }

    public void PostConfigure(string? name, PosthogExporterOptions options)
    {
        if (options.Logger is null && _loggerFactory is not null)
        {
            options.Logger = _loggerFactory.CreateLogger<PosthogExporter>();
        }

        if (_timeProvider is not null && ReferenceEquals(options.TimeProvider, TimeProvider.System))
        {
            options.TimeProvider = _timeProvider;
        }
    }
}
