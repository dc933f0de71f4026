using System;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.Benchmarks;

/// <summary>Answers every request with 200 at once, and keeps the size and event count of the last body.</summary>
internal sealed class CountingHandler : HttpMessageHandler
{
    private static readonly byte[] UuidKey = Encoding.UTF8.GetBytes("\"uuid\":\"");

    public int Requests { get; private set; }

    public int LastBytes { get; private set; }

    public int LastEvents { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        Requests++;
        LastBytes = body.Length;
        if (Requests == 1)
        {
            // Checked once, in the setup round: the body is gzip and carries the expected events.
            using var plain = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(plain, cancellationToken);
            }

            var json = plain.ToArray().AsSpan();
            var events = 0;
            for (var at = json.IndexOf(UuidKey); at >= 0; at = json.IndexOf(UuidKey))
            {
                events++;
                json = json[(at + UuidKey.Length)..];
            }

            LastEvents = events;
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"status\":1}") };
    }
}
