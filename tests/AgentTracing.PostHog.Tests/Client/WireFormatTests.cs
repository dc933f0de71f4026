using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>The exact bytes on the wire (envelope, properties, timestamps) and uuid handling.</summary>
public sealed class WireFormatTests
{
    private static readonly DateTimeOffset SentAt = new(2025, 1, 2, 3, 4, 6, 120, TimeSpan.Zero);

    [Fact]
    public async Task Analytics_request_matches_the_spec_example_byte_for_byte()
    {
        await using var h = await StartAtAsync(SentAt, o => o.HistoricalMigration = true);
        h.Client.Capture(SpecExampleEvent());

        await h.FlushAsync();

        const string Expected =
            "{\"api_key\":\"phc_test_key\",\"historical_migration\":true,\"batch\":[{\"event\":\"test_event\",\"distinct_id\":\"test_user\"," +
            "\"properties\":{\"custom_string\":\"hello\",\"custom_number\":42,\"custom_bool\":true,\"$lib\":\"agent-tracing-posthog-dotnet\"," +
            "\"$lib_version\":\"1.0.0\",\"$geoip_disable\":true,\"$is_server\":true},\"timestamp\":\"2025-01-02T03:04:05.000Z\"," +
            "\"uuid\":\"0198c0de-0000-7000-8000-000000000abc\"}],\"sent_at\":\"2025-01-02T03:04:06.120Z\"}";
        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("/batch/", request.Path);
        Assert.Equal(Expected, request.BodyText);
    }

    [Fact]
    public async Task A_retry_carries_an_identical_body_except_sent_at()
    {
        await using var h = await StartAtAsync(SentAt, o => o.HistoricalMigration = true);
        h.Server.EnqueueStatus(503);
        h.Client.Capture(SpecExampleEvent());

        var (_, delays) = await h.DriveAsync(h.Client.FlushAsync());

        var requests = h.Server.Requests;
        Assert.Equal(2, requests.Count);
        var retrySentAt = (SentAt + delays[0]).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(
            requests[0].BodyText.Replace("\"sent_at\":\"2025-01-02T03:04:06.120Z\"", $"\"sent_at\":\"{retrySentAt}\"", StringComparison.Ordinal),
            requests[1].BodyText);
        Assert.NotEqual(requests[0].BodyText, requests[1].BodyText);
    }

    [Fact]
    public async Task Envelope_without_historical_migration_has_three_keys_in_order()
    {
        await using var h = await StartAtAsync(SentAt);
        h.Client.CaptureAi(ClientHarness.Event(name: "$ai_span", uuid: "0198c0de-0000-7000-8000-000000000abc", timestamp: SentAt));
        h.Client.CaptureAi(ClientHarness.Event(name: "$ai_trace", uuid: "0198c0de-0000-7000-8000-000000000abd", timestamp: SentAt));

        await h.FlushAsync();

        var body = Assert.Single(h.Server.Requests).BodyText;
        Assert.StartsWith("{\"api_key\":\"phc_test_key\",\"batch\":[{\"event\":\"$ai_span\",", body, StringComparison.Ordinal);
        Assert.Contains("\"uuid\":\"0198c0de-0000-7000-8000-000000000abc\"},{\"event\":\"$ai_trace\",", body, StringComparison.Ordinal);
        Assert.EndsWith("\"uuid\":\"0198c0de-0000-7000-8000-000000000abd\"}],\"sent_at\":\"2025-01-02T03:04:06.120Z\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_ascii_text_stays_readable_and_special_characters_are_escaped()
    {
        await using var h = await ClientHarness.StartAsync(o => o.EnableCompression = false);
        h.Client.Capture(ClientHarness.Event(name: "café ✓", properties: new JsonObject
        {
            ["city"] = "Zürich 東京 🚀",
            ["quote"] = "say \"hi\"\n\ttab\\",
        }));

        await h.FlushAsync();

        var request = Assert.Single(h.Server.Requests);
        Assert.Contains("\"event\":\"café ✓\"", request.BodyText, StringComparison.Ordinal);
        // The relaxed encoder keeps the Basic Multilingual Plane readable; characters beyond it are \u-escaped pairs.
        Assert.Contains("\"city\":\"Zürich 東京 \\uD83D\\uDE80\"", request.BodyText, StringComparison.Ordinal);
        Assert.Equal("Zürich 東京 🚀", (string)request.Batch[0]!["properties"]!["city"]!);
        Assert.Contains("\"quote\":\"say \\\"hi\\\"\\n\\ttab\\\\\"", request.BodyText, StringComparison.Ordinal);
        Assert.Equal("say \"hi\"\n\ttab\\", (string)request.Batch[0]!["properties"]!["quote"]!);
    }

    [Fact]
    public async Task Library_properties_overwrite_the_callers_but_a_caller_geoip_value_is_kept()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event(properties: new JsonObject
        {
            ["$lib"] = "caller",
            ["$lib_version"] = "0.0.1",
            ["$is_server"] = false,
            ["$geoip_disable"] = false,
            ["nested"] = new JsonObject { ["list"] = new JsonArray(1, "two", null, 3.5) },
            ["nothing"] = null,
        }));

        await h.FlushAsync();

        var properties = h.Server.Requests[0].Batch[0]!["properties"]!;
        Assert.Equal(
            "{\"$geoip_disable\":false,\"nested\":{\"list\":[1,\"two\",null,3.5]},\"nothing\":null," +
            "\"$lib\":\"agent-tracing-posthog-dotnet\",\"$lib_version\":\"1.0.0\",\"$is_server\":true}",
            properties.ToJsonString());
    }

    [Fact]
    public async Task DisableGeoIp_false_leaves_geoip_alone()
    {
        await using var h = await ClientHarness.StartAsync(o => o.DisableGeoIp = false);
        h.Client.Capture(ClientHarness.Event());

        await h.FlushAsync();

        var properties = h.Server.Requests[0].Batch[0]!["properties"]!.AsObject();
        Assert.Equal(new[] { "$lib", "$lib_version", "$is_server" }, properties.Select(p => p.Key));
    }

    [Fact]
    public async Task Properties_are_serialised_during_capture()
    {
        await using var h = await ClientHarness.StartAsync();
        var properties = new JsonObject { ["state"] = "before" };
        h.Client.Capture(ClientHarness.Event(properties: properties));

        properties["state"] = "after";
        properties["added"] = true;
        await h.FlushAsync();

        var wire = h.Server.Requests[0].Batch[0]!["properties"]!;
        Assert.Equal("before", (string)wire["state"]!);
        Assert.Null(wire["added"]);
    }

    [Fact]
    public async Task Timestamps_are_utc_with_milliseconds_truncated()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Client.Capture(ClientHarness.Event(timestamp: new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.FromHours(-2)).AddTicks(9_999_999)));

        await h.FlushAsync();

        Assert.Equal("2026-01-01T01:59:59.999Z", (string)h.Server.Requests[0].Batch[0]!["timestamp"]!);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("2024-02-29T12:34:56.7891234+00:00")]
    [InlineData("2025-06-30T23:59:59.0009999-07:30")]
    [InlineData("2026-01-01T05:00:00.0100000+05:00")]
    public void Wire_time_formatter_matches_the_format_string(string value)
    {
        var time = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
        var bytes = new byte[UtcTimeText.Length];

        UtcTimeText.Format(time, bytes);

        Assert.Equal(
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            System.Text.Encoding.ASCII.GetString(bytes));
    }

    [Theory]
    [InlineData("0198C0DE-0000-7000-8000-000000000ABC")]
    [InlineData("{0198c0de-0000-7000-8000-000000000abc}")]
    [InlineData("0198c0de000070008000000000000abc")]
    public async Task Caller_uuids_are_normalised_to_lower_case_D_form(string supplied)
    {
        await using var h = await ClientHarness.StartAsync();
        var result = h.Client.Capture(ClientHarness.Event(uuid: supplied));

        await h.FlushAsync();

        Assert.Equal("0198c0de-0000-7000-8000-000000000abc", result.Uuid);
        Assert.Equal("0198c0de-0000-7000-8000-000000000abc", (string)h.Server.Requests[0].Batch[0]!["uuid"]!);
    }

    [Fact]
    public async Task An_invalid_caller_uuid_is_replaced_by_a_v7_and_logged_at_debug()
    {
        await using var h = await ClientHarness.StartAsync();
        var result = h.Client.Capture(ClientHarness.Event(uuid: "not-a-uuid"));

        await h.FlushAsync();

        Assert.True(result.Accepted);
        Assert.True(Guid.TryParseExact(result.Uuid, "D", out var parsed));
        Assert.Equal(7, parsed.Version);
        Assert.Equal(result.Uuid, (string)h.Server.Requests[0].Batch[0]!["uuid"]!);
        Assert.Equal($"PostHog event 'test_event' has an invalid uuid; it was replaced by {result.Uuid}",
            Assert.Single(h.LogsStartingWith(LogLevel.Debug, "PostHog event 'test_event' has an invalid uuid")).Message);
    }

    [Fact]
    public async Task Generated_uuids_are_v7_carrying_the_capture_time()
    {
        await using var h = await ClientHarness.StartAsync();
        var captureTime = h.Clock!.GetUtcNow();

        var uuid = h.Client.Capture(ClientHarness.Event(timestamp: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero))).Uuid!;

        AssertV7(uuid, captureTime);
    }

    [Fact]
    public void Portable_uuid_v7_builder_has_the_rfc_9562_layout()
    {
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 700, TimeSpan.Zero);
        var seen = new HashSet<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var uuid = UuidV7.CreatePortable(time).ToString("D");
            AssertV7(uuid, time);
            Assert.True(seen.Add(uuid), "duplicate uuid");
        }

        // The same layout as the runtime's own v7 (timestamp, version and variant positions).
        var runtime = Guid.CreateVersion7(time).ToString("D");
        Assert.Equal(runtime[..13], UuidV7.CreatePortable(time).ToString("D")[..13]);
        Assert.Equal("019b76da-aabc-7", UuidV7.CreatePortable(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 700, TimeSpan.Zero)).ToString("D")[..15]);
    }

    [Fact]
    public async Task Host_trailing_slash_and_base_path_are_handled()
    {
        await using var server = await FakePostHogServer.StartAsync();
        await using (var client = new PostHogClient(new PostHogClientOptions { ApiKey = ClientHarness.ApiKey, Host = server.BaseUrl + "/" }))
        {
            client.Capture(ClientHarness.Event());
            client.CaptureAi(ClientHarness.Event());
            await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        await using (var client = new PostHogClient(new PostHogClientOptions { ApiKey = ClientHarness.ApiKey, Host = server.BaseUrl + "/proxy/ingest//" }))
        {
            client.Capture(ClientHarness.Event());
            await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        Assert.Equal(new[] { "/batch/", "/i/v0/ai/batch/", "/proxy/ingest/batch/" }, server.Requests.Select(r => r.Path).OrderBy(p => p, StringComparer.Ordinal));
    }

    private static void AssertV7(string uuid, DateTimeOffset time)
    {
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", uuid);
        var hex = uuid.Replace("-", "", StringComparison.Ordinal)[..12];
        Assert.Equal(time.ToUnixTimeMilliseconds(), long.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static PostHogEvent SpecExampleEvent() => ClientHarness.Event(
        properties: new JsonObject { ["custom_string"] = "hello", ["custom_number"] = 42, ["custom_bool"] = true },
        timestamp: DateTimeOffset.Parse("2025-01-02T08:34:05+05:30", CultureInfo.InvariantCulture),
        uuid: "0198C0DE-0000-7000-8000-000000000ABC");

    private static Task<ClientHarness> StartAtAsync(DateTimeOffset now, Action<PostHogClientOptions>? configure = null) =>
        ClientHarness.StartAsync(configure, start: now);
}
