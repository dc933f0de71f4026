using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog.Tests.Support;

/// <summary>
/// An <see cref="HttpMessageHandler"/> under a real <see cref="PostHogClient"/> that answers 200 and decodes every
/// request body (gzip, then JSON) back into the events that reached the wire, so mapping tests assert the exact bytes
/// production sends.
/// </summary>
internal sealed class WireCapture : HttpMessageHandler
{
    /// <summary>The client's own properties, which the harness leaves out so tests state only the exporter's.</summary>
    private static readonly string[] ClientKeys = ["$lib", "$lib_version", "$geoip_disable", "$is_server"];

    private readonly object _gate = new();
    private readonly List<PostHogEvent> _events = [];

    /// <summary>Every event sent so far, in wire order, without the client's own properties.</summary>
    public List<PostHogEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>A real client that sends through this handler.</summary>
    public PostHogClient CreateClient() => new(new PostHogClientOptions
    {
        ApiKey = "test-key",
        Host = "http://127.0.0.1:9",
        HttpMessageHandler = this,
        FlushAt = 10_000,
        FlushInterval = TimeSpan.FromHours(1),
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var raw = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var stream = new MemoryStream(raw);
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        var body = JsonNode.Parse(gzip)!.AsObject();
        lock (_gate)
        {
            foreach (var item in body["batch"]!.AsArray())
            {
                _events.Add(Decode(item!.AsObject()));
            }
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"status\":1}") };
    }

    private static PostHogEvent Decode(JsonObject sent)
    {
        var properties = sent["properties"]!.DeepClone().AsObject();
        foreach (var key in ClientKeys)
        {
            properties.Remove(key);
        }

        return new PostHogEvent
        {
            EventName = (string)sent["event"]!,
            DistinctId = (string)sent["distinct_id"]!,
            Timestamp = DateTimeOffset.Parse((string)sent["timestamp"]!, CultureInfo.InvariantCulture),
            Uuid = (string?)sent["uuid"],
            Properties = properties,
        };
    }
}
