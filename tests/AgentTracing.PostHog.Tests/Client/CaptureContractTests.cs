using System;
using System.Collections.Generic;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>PostHog's cross-SDK contract suite, capture part: the checks that do not involve retries.</summary>
public sealed class CaptureContractTests
{
    [Fact]
    public async Task C01_event_has_required_fields()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 1);
        Assert.True(h.Client.Capture(ClientHarness.Event()).Accepted);

        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());

        var request = Assert.Single(h.Server.Requests);
        var evt = request.Batch[0]!;
        Assert.Equal("test_event", (string)evt["event"]!);
        Assert.Equal("test_user", (string)evt["distinct_id"]!);
    }

    [Fact]
    public async Task C02_event_has_uuid()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        var uuid = (string)h.Server.Requests[0].Batch[0]!["uuid"]!;
        Assert.True(Guid.TryParseExact(uuid, "D", out _), uuid);
    }

    [Fact]
    public async Task C03_event_has_lib_properties()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        var properties = h.Server.Requests[0].Batch[0]!["properties"]!;
        Assert.Equal("agent-tracing-posthog-dotnet", (string)properties["$lib"]!);
        Assert.Equal("1.0.0", (string)properties["$lib_version"]!);
        Assert.True((bool)properties["$is_server"]!);
        Assert.True((bool)properties["$geoip_disable"]!);
    }

    [Fact]
    public async Task C04_distinct_id_is_string()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event(distinctId: "test_user_123"));
        await h.FlushAsync();

        var distinctId = h.Server.Requests[0].Batch[0]!["distinct_id"]!;
        Assert.Equal(JsonValueKind.String, distinctId.GetValueKind());
        Assert.Equal("test_user_123", (string)distinctId!);
    }

    [Fact]
    public async Task C05_token_is_present()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        Assert.Equal("phc_test_key", (string)h.Server.Requests[0].Json["api_key"]!);
    }

    [Fact]
    public async Task C06_custom_properties_preserved()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event(properties: new JsonObject
        {
            ["custom_string"] = "hello",
            ["custom_number"] = 42,
            ["custom_bool"] = true,
        }));
        await h.FlushAsync();

        var properties = h.Server.Requests[0].Batch[0]!["properties"]!;
        Assert.Equal(JsonValueKind.String, properties["custom_string"]!.GetValueKind());
        Assert.Equal("hello", (string)properties["custom_string"]!);
        Assert.Equal(JsonValueKind.Number, properties["custom_number"]!.GetValueKind());
        Assert.Equal(42, (int)properties["custom_number"]!);
        Assert.Equal(JsonValueKind.True, properties["custom_bool"]!.GetValueKind());
        Assert.StartsWith("{\"custom_string\":\"hello\",\"custom_number\":42,\"custom_bool\":true,", properties.ToJsonString());
    }

    [Fact]
    public async Task C07_event_has_timestamp()
    {
        await using var h = await ClientHarness.StartAsync();
        var captureTime = h.Clock!.GetUtcNow();
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        // No caller timestamp: the time of the Capture call, in the wire format.
        Assert.Equal("2026-01-01T00:00:00.000Z", (string)h.Server.Requests[0].Batch[0]!["timestamp"]!);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), captureTime);
    }

    [Fact]
    public async Task C08_non_utc_event_timestamp_is_converted_to_utc()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 1);
        h.Client.Capture(ClientHarness.Event(
            timestamp: DateTimeOffset.Parse("2025-01-02T08:34:05+05:30", System.Globalization.CultureInfo.InvariantCulture),
            properties: new JsonObject { ["timestamp_like"] = "2025-01-02T08:34:05+05:30" }));
        await h.FlushAsync();

        var evt = Assert.Single(h.Server.Requests).Batch[0]!;
        Assert.Equal("2025-01-02T03:04:05.000Z", (string)evt["timestamp"]!);
        Assert.Equal("2025-01-02T08:34:05+05:30", (string)evt["properties"]!["timestamp_like"]!);
    }

    [Fact]
    public async Task C18_generates_unique_uuids()
    {
        await using var h = await ClientHarness.StartAsync();
        var results = Enumerable.Range(0, 5).Select(i => h.Client.Capture(ClientHarness.Event(name: $"test_event_{i}"))).ToList();
        await h.FlushAsync();

        var wire = h.Server.Requests.SelectMany(r => r.Uuids).ToList();
        Assert.Equal(5, wire.Distinct().Count());
        Assert.Equal(results.Select(r => r.Uuid), wire);
    }

    [Fact]
    public async Task C22_no_duplicate_events_in_batch()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 10);
        for (var i = 0; i < 5; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: $"test_event_{i}"));
        }

        await h.FlushAsync();

        Assert.All(h.Server.Requests, r => Assert.Equal(r.Uuids.Count, r.Uuids.Distinct().Count()));
        Assert.Equal(5, h.Server.Requests.Sum(r => r.Uuids.Count));
    }

    [Fact]
    public async Task C23_different_events_have_different_uuids()
    {
        await using var h = await ClientHarness.StartAsync();
        var properties = new JsonObject { ["same"] = 1 };
        var first = h.Client.Capture(ClientHarness.Event(properties: properties));
        var second = h.Client.Capture(ClientHarness.Event(properties: properties));
        await h.FlushAsync();

        Assert.NotEqual(first.Uuid, second.Uuid);
        var uuids = h.Server.Requests.SelectMany(r => r.Uuids).ToList();
        Assert.Equal(2, uuids.Distinct().Count());
    }

    [Fact]
    public async Task C24_sends_gzip_when_enabled()
    {
        await using var h = await ClientHarness.StartAsync(o => o.EnableCompression = true);
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("gzip", request.Header("Content-Encoding"));
        Assert.Equal(0x1f, request.RawBody[0]);
        Assert.Equal(0x8b, request.RawBody[1]);
        Assert.Equal("test_event", (string)request.Batch[0]!["event"]!);
    }

    [Fact]
    public async Task C24b_sends_plain_json_when_compression_disabled()
    {
        await using var h = await ClientHarness.StartAsync(o => o.EnableCompression = false);
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Null(request.Header("Content-Encoding"));
        Assert.Equal((byte)'{', request.RawBody[0]);
    }

    /// <summary>
    /// The gzip level is the user's: every level sends the same JSON as a gzip body (PostHog's capture endpoint reads
    /// <c>Content-Encoding: gzip</c> whatever the level), and a higher level sends fewer bytes.
    /// </summary>
    [Fact]
    public async Task Every_compression_level_sends_the_same_json_as_gzip_and_a_higher_level_sends_fewer_bytes()
    {
        var start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var levels = new[] { 0, 1, PostHogClientOptions.DefaultCompressionLevel, 6, 9 };
        var requests = new List<RecordedRequest>();
        foreach (var level in levels)
        {
            await using var h = await ClientHarness.StartAsync(o => o.CompressionLevel = level, start: start);
            for (var i = 0; i < 50; i++)
            {
                var text = string.Concat(Enumerable.Range(0, 40).Select(n => $"step {n} of event {i}: the agent called the weather tool. "));
                h.Client.Capture(ClientHarness.Event(uuid: $"0198c0de-0000-7000-8000-{i:D12}", timestamp: start, properties: new JsonObject { ["text"] = text }));
            }

            await h.FlushAsync();
            requests.Add(Assert.Single(h.Server.Requests));
        }

        Assert.All(requests, r => Assert.Equal("gzip", r.Header("Content-Encoding")));
        Assert.Single(requests.Select(r => r.BodyText).Distinct(StringComparer.Ordinal));
        var sizes = requests.Select(r => r.RawBody.Length).ToList();
        Assert.True(sizes[0] > sizes[1] && sizes[1] > sizes[2] && sizes[2] > sizes[3] && sizes[3] >= sizes[4], "gzip body sizes by level: " + string.Join(", ", sizes));
    }

    /// <summary>
    /// The default level is a real zlib level, not a named one: on .NET 10 it sends fewer bytes than level 1 (what
    /// <c>CompressionLevel.Fastest</c> uses) and more than level 6 (<c>CompressionLevel.Optimal</c>).
    /// </summary>
    [Fact]
    public async Task The_default_compression_level_sits_between_fastest_and_optimal()
    {
        var start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var sizes = new List<int>();
        foreach (var level in new int?[] { 1, null, 6 })
        {
            await using var h = await ClientHarness.StartAsync(o => o.CompressionLevel = level ?? o.CompressionLevel, start: start);
            for (var i = 0; i < 50; i++)
            {
                var text = string.Concat(Enumerable.Range(0, 40).Select(n => $"step {n} of event {i}: the agent called tool {n % 7} for city {(i * n) % 13}. "));
                h.Client.Capture(ClientHarness.Event(uuid: $"0198c0de-0000-7000-8000-{i:D12}", timestamp: start, properties: new JsonObject { ["text"] = text }));
            }

            await h.FlushAsync();
            sizes.Add(Assert.Single(h.Server.Requests).RawBody.Length);
        }

        Assert.True(sizes[0] > sizes[1] && sizes[1] > sizes[2], "gzip body sizes at levels 1, default, 6: " + string.Join(", ", sizes));
    }

    /// <summary>
    /// On .NET 8 and .NET Standard 2.0, which cannot set a zlib level, a level becomes the nearest named one: what
    /// users on those runtimes get for each value they configure.
    /// </summary>
    [Theory]
    [InlineData(0, CompressionLevel.NoCompression)]
    [InlineData(1, CompressionLevel.Fastest)]
    [InlineData(PostHogClientOptions.DefaultCompressionLevel, CompressionLevel.Fastest)]
    [InlineData(3, CompressionLevel.Fastest)]
    [InlineData(4, CompressionLevel.Optimal)]
    [InlineData(6, CompressionLevel.Optimal)]
    [InlineData(8, CompressionLevel.Optimal)]
    [InlineData(9, CompressionLevel.SmallestSize)]
    public void Without_zlib_levels_a_level_maps_to_the_nearest_named_one(int level, CompressionLevel expected) =>
        Assert.Equal(expected, AgentTracing.PostHog.Client.Internal.RequestBodyBuilder.NearestLevel(level));

    /// <summary>A level outside 0–9 takes the default, so the client still sends.</summary>
    [Fact]
    public async Task An_out_of_range_compression_level_sends_at_the_default_level()
    {
        await using var h = await ClientHarness.StartAsync(o => o.CompressionLevel = 42);
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("gzip", request.Header("Content-Encoding"));
        Assert.Equal("test_event", (string)request.Batch[0]!["event"]!);
    }

    [Fact]
    public async Task C25_uses_proper_batch_structure()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event());
        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var root = request.Json.AsObject();
        Assert.Equal(new[] { "api_key", "batch", "sent_at" }, root.Select(p => p.Key));
        Assert.Equal(JsonValueKind.Array, root["batch"]!.GetValueKind());
        Assert.Equal(new[] { "event", "distinct_id", "properties", "timestamp", "uuid" }, request.Batch[0]!.AsObject().Select(p => p.Key));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string)root["sent_at"]!);
    }

    [Fact]
    public async Task C26_flush_with_no_events_sends_nothing()
    {
        await using var h = await ClientHarness.StartAsync();

        var flush = h.Client.FlushAsync();

        Assert.True(flush.IsCompletedSuccessfully, "FlushAsync with nothing queued must complete at once");
        Assert.Equal(new PostHogFlushResult(0, 0, 0), await flush);
        Assert.Equal(0, h.Server.RequestCount);
        Assert.Equal(0, h.Client.GetDiagnostics().Requests);
    }

    [Fact]
    public async Task C26b_flush_after_everything_was_sent_sends_nothing_more()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event());
        Assert.Equal(new PostHogFlushResult(1, 0, 0), await h.FlushAsync());

        var again = h.Client.FlushAsync();

        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(new PostHogFlushResult(0, 0, 0), await again);
        Assert.Equal(1, h.Server.RequestCount);
    }

    [Fact]
    public async Task C27_multiple_events_batched_together()
    {
        await using var h = await ClientHarness.StartAsync(o => o.FlushAt = 10);
        for (var i = 0; i < 5; i++)
        {
            h.Client.Capture(ClientHarness.Event(name: $"test_event_{i}"));
        }

        Assert.Equal(new PostHogFlushResult(5, 0, 0), await h.FlushAsync());

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"test_event_{i}"), request.Batch.Select(e => (string)e!["event"]!));
    }
}
