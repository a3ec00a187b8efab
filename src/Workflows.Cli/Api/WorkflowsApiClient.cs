using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Workflows.Contracts;

namespace Workflows.Cli.Api;

/// <summary>The CLI's only door to runs: the HTTP API, read in the contracts' JSON dialect.</summary>
internal sealed class WorkflowsApiClient(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseUrl => baseUrl;

    public Uri StatusUrl(string runId) => new(baseUrl, $"api/runs/{runId}");

    /// <summary>Null when the API does not know the run.</summary>
    public async Task<RunStatus?> GetStatusAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await ReadSuccessAsync(response, cancellationToken);
        return ContractJson.Deserialize<RunStatus>(body, $"GET {response.RequestMessage?.RequestUri}");
    }

    /// <summary>The raw JSON of a run's status, as the API wrote it (for <c>--json</c>).</summary>
    public async Task<string?> GetStatusJsonAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : System.Text.Encoding.UTF8.GetString(await ReadSuccessAsync(response, cancellationToken));
    }

    /// <summary><c>report.json</c> or <c>report.md</c>; null until written.</summary>
    public async Task<byte[]?> GetReportAsync(string runId, string format, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}/report?format={format}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadSuccessAsync(response, cancellationToken);
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unavailable, $"cannot reach the Workflows API at {baseUrl}: {ex.Message}. Is `wf up` running?", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"the Workflows API at {baseUrl} did not answer within {http.Timeout.TotalSeconds:F0} s", ex);
        }
    }

    private static async Task<byte[]> ReadSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        throw new CliException(ExitCodes.Unavailable, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {DescribeError(body)}");
    }

    /// <summary>The API's error body (<c>{title, errors: [{field, message}]}</c>) as one line.</summary>
    private static string DescribeError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string title = root.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray().Select(x => $"{x.GetProperty("field").GetString()}: {x.GetProperty("message").GetString()}")
                : [];
            return string.Join("; ", new[] { title }.Concat(errors).Where(s => s.Length > 0));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(body);
        }
    }
}
