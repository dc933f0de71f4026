using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog;

/// <summary>Applies the <c>PostHog</c> configuration section to the options. Values that do not parse are left alone; the validator reports them.</summary>
internal sealed class PosthogExporterConfigureOptions : IConfigureOptions<PosthogExporterOptions>
{
    private readonly IConfiguration? _configuration;

    public PosthogExporterConfigureOptions(IConfiguration? configuration) => _configuration = configuration;

    public void Configure(PosthogExporterOptions options)
    {
        if (_configuration is not null)
        {
            PosthogConfigurationReader.Apply(_configuration.GetSection(PosthogExporterServiceCollectionExtensions.ConfigurationSectionName), options, errors: null);
        }
    }
}
