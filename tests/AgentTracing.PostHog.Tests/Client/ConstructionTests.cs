using System;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>The constructor throws only for the key and the host, never showing the key.</summary>
public sealed class ConstructionTests
{
    private const string Secret = "phc_do_not_print_me";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_api_key_throws_ArgumentException(string? key)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostHogClient(new PostHogClientOptions { ApiKey = key! }));
        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    [InlineData("/relative/path")]
    [InlineData("us.i.posthog.com")]
    public void Invalid_host_throws_ArgumentException_without_the_key(string host)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostHogClient(new PostHogClientOptions { ApiKey = Secret, Host = host }));
        Assert.Contains("Host", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Null_options_throw_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new PostHogClient(null!));
    }

    [Fact]
    public async Task Out_of_range_numbers_are_corrected_instead_of_thrown()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await using var client = new PostHogClient(new PostHogClientOptions
        {
            ApiKey = Secret,
            Host = server.BaseUrl,
            FlushAt = 0,
            FlushInterval = TimeSpan.Zero,
            MaxBatchSize = -1,
            MaxBatchBytes = 0,
            MaxQueueSize = 0,
            MaxQueueBytes = -5,
            MaxRetries = -2,
            InitialRetryDelay = TimeSpan.FromSeconds(-1),
            RequestTimeout = TimeSpan.Zero,
            ShutdownTimeout = TimeSpan.FromSeconds(-3),
            LibName = "",
            TimeProvider = null!,
        });

        // FlushAt 0 → 1: the capture alone triggers the send. Non-positive limits take their defaults.
        var accepted = client.Capture(new PostHogEvent { EventName = "e", DistinctId = "u" });
        Assert.True(accepted.Accepted);
        var request = Assert.Single(await server.WaitForRequestsAsync(1));
        Assert.Equal("agent-tracing-posthog-dotnet", (string)request.Batch[0]!["properties"]!["$lib"]!);
    }

    [Fact]
    public void Options_ToString_hides_the_key()
    {
        var text = new PostHogClientOptions { ApiKey = Secret }.ToString();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("phc_***", text, StringComparison.Ordinal);
    }
}
