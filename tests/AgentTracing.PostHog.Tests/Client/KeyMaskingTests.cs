using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentTracing.PostHog.Tests.Client.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>
/// The API key is masked before anything is cut or reported: in response bodies at every offset (before, across and
/// after the 1,024-byte cut), in exception text and in the loop's error log.
/// </summary>
public sealed class KeyMaskingTests
{
    // 46 characters, none of them used by the padding, so any 6-character piece of it in a report is a leak.
    private const string Key = "phc_ZqW8xK2mNvB7tR4yLp9sDf3gHj6kUa1cEo5iXwQzMn";
    private const int Cut = 1024;

    /// <summary>Every piece of the key long enough to identify it.</summary>
    private static readonly string[] KeyPieces = Enumerable.Range(0, Key.Length - 5).Select(i => Key.Substring(i, 6)).ToArray();

    public static TheoryData<string> Paddings => new() { ".", "\u20AC" };

    /// <summary>
    /// A server answers 400 with a body that echoes the key after 0, 1, … up to 1,100 bytes of padding (ASCII, or the
    /// three-byte '€' so the cut can fall inside a character): no piece of the key appears in the Warning line or in
    /// OnError's body, the text before the key is kept, the body is at most 1,024 bytes, and a cut never splits a character.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paddings))]
    public async Task The_key_echoed_in_an_error_body_is_masked_at_every_offset_before_across_and_after_the_cut(string padding)
    {
        var paddingBytes = Encoding.UTF8.GetByteCount(padding);
        var offset = 0;
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.ApiKey = Key;
            o.MaxRetries = 0;
        });
        h.Server.Responder = _ =>
        {
            var prefix = string.Concat(Enumerable.Repeat(padding, offset / paddingBytes)) + new string('.', offset % paddingBytes);
            return ScriptedResponse.WithStatus(400, prefix + Key + "-after-" + Key);
        };

        var checkedOffsets = 0;
        for (offset = 0; offset <= Cut + Key.Length + 30; offset++)
        {
            var before = h.Errors.Count;
            h.Client.Capture(ClientHarness.Event());
            Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

            var body = h.Errors.Skip(before).Single().ResponseBody!;
            Assert.True(Encoding.UTF8.GetByteCount(body) <= Cut, $"offset {offset}: {Encoding.UTF8.GetByteCount(body)} bytes");
            Assert.DoesNotContain('\uFFFD', body);
            Assert.All(KeyPieces, piece => Assert.DoesNotContain(piece, body, StringComparison.Ordinal));
            if (offset < Cut)
            {
                // The key starts before the cut: it is masked whole (the mask itself may be cut), the padding in front is intact.
                var expectedPrefix = string.Concat(Enumerable.Repeat(padding, offset / paddingBytes)) + new string('.', offset % paddingBytes);
                var expected = expectedPrefix + "***"[..Math.Min(3, Cut - offset)];
                Assert.StartsWith(expected, body, StringComparison.Ordinal);
            }

            checkedOffsets++;
        }

        Assert.Equal(Cut + Key.Length + 31, checkedOffsets);
        var warnings = h.LogsStartingWith(LogLevel.Warning, "PostHog request /batch/ failed with 400");
        Assert.Equal(checkedOffsets, warnings.Count);
        AssertNoKeyPiece(h.Logs, h.Errors);
    }

    /// <summary>A body that ends inside the key (the server cut it) is masked too.</summary>
    [Fact]
    public async Task A_body_that_ends_inside_the_key_has_the_fragment_masked()
    {
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.ApiKey = Key;
            o.MaxRetries = 0;
        });
        h.Server.Enqueue(ScriptedResponse.WithStatus(400, "bad key " + Key[..30]));
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        Assert.Equal("bad key ***", Assert.Single(h.Errors).ResponseBody);
        AssertNoKeyPiece(h.Logs, h.Errors);
    }

    /// <summary>
    /// A network exception whose message carries the key (a proxy or handler that echoes the request): the Debug retry
    /// line, the Warning after the last attempt and OnError's exception all show it masked.
    /// </summary>
    [Fact]
    public async Task A_network_exception_that_carries_the_key_is_reported_masked()
    {
        using var handler = new ThrowingHandler(new HttpRequestException("proxy refused body {\"api_key\":\"" + Key + "\"}"));
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.ApiKey = Key;
            o.MaxRetries = 1;
            o.InitialRetryDelay = TimeSpan.Zero;
            o.HttpMessageHandler = handler;
        });
        var uuid = h.Client.Capture(ClientHarness.Event()).Uuid;

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        var error = Assert.Single(h.Errors);
        Assert.Equal(PostHogDeliveryErrorReason.RetriesExhausted, error.Reason);
        Assert.Equal(uuid, Assert.Single(error.EventUuids));
        Assert.Contains("proxy refused body {\"api_key\":\"***\"}", error.Message, StringComparison.Ordinal);
        Assert.Contains("***", error.Exception!.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", Assert.Single(h.LogsStartingWith(LogLevel.Warning, "PostHog request /batch/ failed after 2 attempts")).Message, StringComparison.Ordinal);
        AssertNoKeyPiece(h.Logs, h.Errors);
    }

    /// <summary>An unexpected exception in the sending loop carrying the key is logged and reported masked.</summary>
    [Fact]
    public async Task An_unexpected_loop_exception_that_carries_the_key_is_logged_masked()
    {
        using var handler = new ThrowingHandler(new InvalidOperationException("state dump: api_key=" + Key));
        await using var h = await ClientHarness.StartAsync(o =>
        {
            o.ApiKey = Key;
            o.HttpMessageHandler = handler;
        });
        h.Client.Capture(ClientHarness.Event());

        Assert.Equal(new PostHogFlushResult(0, 1, 0), await h.FlushAsync());

        var line = Assert.Single(h.LogsStartingWith(LogLevel.Error, "PostHog client: unexpected error in the sending loop"));
        Assert.Contains("api_key=***", line.Exception!.ToString(), StringComparison.Ordinal);
        Assert.Contains("api_key=***", Assert.Single(h.Errors).Exception!.ToString(), StringComparison.Ordinal);
        AssertNoKeyPiece(h.Logs, h.Errors);
    }

    private static void AssertNoKeyPiece(IEnumerable<FakeLogRecord> logs, IEnumerable<PostHogDeliveryError> errors)
    {
        var texts = new List<string>();
        foreach (var record in logs)
        {
            texts.Add(record.Message);
            texts.Add(record.Exception?.ToString() ?? "");
            texts.Add(string.Join("|", record.StructuredState?.Select(p => p.Key + "=" + p.Value) ?? []));
        }

        foreach (var error in errors)
        {
            texts.Add(error.Message);
            texts.Add(error.ResponseBody ?? "");
            texts.Add(error.Exception?.ToString() ?? "");
        }

        foreach (var text in texts)
        {
            Assert.All(KeyPieces, piece => Assert.DoesNotContain(piece, text, StringComparison.Ordinal));
        }
    }

    /// <summary>A handler that fails every request with the given exception.</summary>
    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(exception);
    }
}
