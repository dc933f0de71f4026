using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace AgentTracing.PostHog.Tests.Client.Fakes;

/// <summary>One request received by <see cref="FakePostHogServer"/>, with its body already gunzipped.</summary>
public sealed class RecordedRequest
{
    private readonly Lazy<JsonNode?> _json;

    internal RecordedRequest(int index, string method, string path, IReadOnlyDictionary<string, string> headers,
        byte[] rawBody, string bodyText, DateTimeOffset arrivedAt, DateTimeOffset arrivedAtRealTime)
    {
        Index = index;
        Method = method;
        Path = path;
        Headers = headers;
        RawBody = rawBody;
        BodyText = bodyText;
        ArrivedAt = arrivedAt;
        ArrivedAtRealTime = arrivedAtRealTime;
        _json = new Lazy<JsonNode?>(() => JsonNode.Parse(BodyText));
    }

    /// <summary>0 for the first request the server received.</summary>
    public int Index { get; }

    public string Method { get; }

    /// <summary>The request path, e.g. <c>/batch/</c>.</summary>
    public string Path { get; }

    /// <summary>Request and content headers (case-insensitive names; multiple values joined by <c>", "</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as received (compressed when the client gzipped it).</summary>
    public byte[] RawBody { get; }

    /// <summary>The decompressed body as UTF-8 text.</summary>
    public string BodyText { get; }

    /// <summary>Arrival time on the server's clock (a fake clock when the test gave one).</summary>
    public DateTimeOffset ArrivedAt { get; }

    /// <summary>Arrival time on the real clock.</summary>
    public DateTimeOffset ArrivedAtRealTime { get; }

    /// <summary>The status the server answered with; <see langword="null"/> for a hang or an abort.</summary>
    public int? ResponseStatus { get; internal set; }

    /// <summary>The body parsed as JSON (parsed on first use).</summary>
    public JsonNode Json => _json.Value ?? throw new InvalidOperationException("The body is JSON null.");

    /// <summary>The <c>batch</c> array of the body.</summary>
    public JsonArray Batch => Json["batch"]!.AsArray();

    /// <summary>The uuids of the events in the batch, in order.</summary>
    public IReadOnlyList<string> Uuids => Batch.Select(e => (string)e!["uuid"]!).ToList();

    /// <summary>A header value, or <see langword="null"/>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Method} {Path} -> {ResponseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
}
