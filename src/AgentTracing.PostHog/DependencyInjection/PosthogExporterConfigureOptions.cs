using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AgentTracing.PostHog;

/// <summary>Applies the <c>PostHog</c> configuration section to the options, before the application's own <c>Configure</c> calls.</summary>
internal sealed class PosthogExporterConfigureOptions(IConfiguration? configuration) : IConfigureOptions<PosthogExporterOptions>
{
    public void Configure(PosthogExporterOptions options) => PosthogConfigurationReader.Apply(configuration, options);
}
