using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.Benchmarks;

/// <summary>Answers every request with 200 at once, so benchmarks measure the library, not a network.</summary>
internal sealed class InstantHandler : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"status\":1}") });
}
