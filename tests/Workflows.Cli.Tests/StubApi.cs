using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workflows.Cli.Tests;

/// <summary>
/// A loopback HTTP server standing in for the Workflows API: each route (<c>"POST /api/runs/r1/cancel"</c>) answers with a
/// canned status, body and headers, and every request is recorded. The CLI's own HTTP client talks to it for real.
/// </summary>
internal sealed class StubApi : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, StubResponse> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<string> bodies = new();
    private readonly Task serving;

    public StubApi()
    {
        int port = FreePort();
        Url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        serving = ServeAsync();
    }

    public string Url { get; }

    /// <summary>Method and path with query of every request, in order.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    /// <summary>The body of every request (empty when it had none), in order.</summary>
    public IReadOnlyList<string> Bodies => [.. bodies];

    public StubApi On(string route, HttpStatusCode status, string body = "", string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        routes[route] = new StubResponse(status, body, contentType, headers ?? new Dictionary<string, string>());
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        listener.Close();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            var context = await listener.GetContextAsync();
            string route = $"{context.Request.HttpMethod} {context.Request.Url!.PathAndQuery}";
            requests.Enqueue(route);
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                bodies.Enqueue(await reader.ReadToEndAsync());
            }

            var response = routes.GetValueOrDefault(route) ?? new StubResponse(HttpStatusCode.NotFound, """{"title":"no such route in the stub"}""", "application/json", new Dictionary<string, string>());
            context.Response.StatusCode = (int)response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers)
            {
                context.Response.Headers[name] = value;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(response.Body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private sealed record StubResponse(HttpStatusCode Status, string Body, string ContentType, IReadOnlyDictionary<string, string> Headers);
}
