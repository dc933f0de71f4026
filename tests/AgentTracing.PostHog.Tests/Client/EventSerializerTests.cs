using System;
using System.Text;
using System.Text.Json.Nodes;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>
/// The exporter's events carry values already written as UTF-8; a caller's events carry a <see cref="JsonObject"/>.
/// Both must put the same JSON on the wire, whatever the names, ids and keys hold.
/// </summary>
public sealed class EventSerializerTests
{
    private static readonly ValueConverter Converter = new(ExporterJson.Create(applicationResolver: null, reflectionResolver: null));
    private static readonly DateTimeOffset At = new(2026, 11, 27, 13, 5, 9, 123, TimeSpan.FromHours(2));
    private static readonly Guid Uuid = Guid.Parse("0192f0c4-7a1b-7c3d-8e4f-a1b2c3d4e5f6");

    public static TheoryData<string, string, string> Strings => new()
    {
        { "$ai_generation", "user-1", "userId" },
        { "say \"hi\"", "back\\slash", "tab\there" },
        { "café", "ユーザー", "emoji 😀" },
        { "<b>&'", "\u007f\u0001", "line\nbreak\r" },
        { "", " ", "+`=?" },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void An_event_of_written_values_is_the_event_of_a_JSON_object(string name, string distinctId, string userKey)
    {
        foreach (var disableGeoIp in new[] { false, true })
        {
            foreach (var callerKeys in new[] { false, true })
            {
                var serializer = new EventSerializer("agent-tracing-posthog-dotnet", "1.0.0-é", disableGeoIp);
                var properties = EventProperties.Rent(Converter);
                try
                {
                    properties.Set("$ai_trace_id", "t\"1");
                    properties.Set("$ai_latency", 0.85);
                    properties.SetUser(userKey, "value ü");
                    properties.SetUser("nested", new JsonObject { ["a"] = new JsonArray(1, "two", null) });
                    if (callerKeys)
                    {
                        // The client writes $lib itself; a caller's $geoip_disable replaces the client's.
                        properties.SetUser("$lib", "mine");
                        properties.SetUser("$geoip_disable", false);
                    }

                    var assembled = Serialize(serializer, new PostHogEvent { EventName = name, DistinctId = distinctId, RawProperties = properties });
                    var written = Serialize(serializer, new PostHogEvent { EventName = name, DistinctId = distinctId, Properties = properties.ToJsonObject() });

                    Assert.Equal(written, assembled);
                    Assert.NotNull(JsonNode.Parse(assembled));
                }
                finally
                {
                    properties.Return();
                }
            }
        }
    }

    [Fact]
    public void An_event_without_properties_still_carries_the_clients_own()
    {
        var serializer = new EventSerializer("lib", "1.2.3", disableGeoIp: true);
        var properties = EventProperties.Rent(Converter);
        try
        {
            var assembled = Serialize(serializer, new PostHogEvent { EventName = "$ai_span", DistinctId = "d", RawProperties = properties });

            Assert.Equal(
                "{\"event\":\"$ai_span\",\"distinct_id\":\"d\",\"properties\":{\"$lib\":\"lib\",\"$lib_version\":\"1.2.3\",\"$geoip_disable\":true,\"$is_server\":true}," +
                "\"timestamp\":\"2026-11-27T11:05:09.123Z\",\"uuid\":\"0192f0c4-7a1b-7c3d-8e4f-a1b2c3d4e5f6\"}",
                assembled);
        }
        finally
        {
            properties.Return();
        }
    }

    private static string Serialize(EventSerializer serializer, PostHogEvent evt)
    {
        var queued = serializer.TrySerialize(evt, At, Uuid, int.MaxValue, out var size)!;
        var json = Encoding.UTF8.GetString(queued.Json);
        Assert.Equal(size, queued.Json.Length);
        queued.ReturnBuffer();
        return json;
    }
}
