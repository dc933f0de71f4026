using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog;

/// <summary>The batching HTTP client for PostHog's capture API.</summary>
public sealed class PostHogClient
{
    private PostHogClient()
    {
    }
}
