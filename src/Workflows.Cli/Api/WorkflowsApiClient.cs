using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workflows.Contracts;

namespace Workflows.Cli.Api;

/// <summary>The CLI's only door to runs: the HTTP API, read in the contracts' JSON dialect.</summary>
internal sealed class WorkflowsApiClient(Uri baseUrl) : IDisposable
{
    /// <summary>The response header naming the attempt of a job log (the host's <c>RunsApi.AttemptHeader</c>).</summary>
    public const string AttemptHeader = "Workflows-Attempt";

    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseUrl => baseUrl;

    public Uri StatusUrl(string runId) => new(baseUrl, $"api/runs/{runId}");

    /// <summary>Null when the API does not know the run.</summary>
    public async Task<RunStatus?> GetStatusAsync(string runId, CancellationToken cancellationToken) =>
        await GetOrNullAsync(RunPath(runId), cancellationToken) is { } body
            ? ContractJson.Deserialize<RunStatus>(body, $"GET {StatusUrl(runId)}")
            : null;

    /// <summary>The raw JSON of a run's status, as the API wrote it (for <c>--json</c>).</summary>
    public async Task<string?> GetStatusJsonAsync(string runId, CancellationToken cancellationToken) =>
        await GetOrNullAsync(RunPath(runId), cancellationToken) is { } body ? Encoding.UTF8.GetString(body) : null;

    /// <summary><c>report.json</c> or <c>report.md</c>; null until written.</summary>
    public Task<byte[]?> GetReportAsync(string runId, string format, CancellationToken cancellationToken) =>
        GetOrNullAsync($"{RunPath(runId)}/report?format={format}", cancellationToken);

    /// <summary><c>GET /api/runs/{runId}/jobs</c> as the API wrote it; null when the run is unknown.</summary>
    public async Task<string?> GetJobsJsonAsync(string runId, CancellationToken cancellationToken) =>
        await GetOrNullAsync($"{RunPath(runId)}/jobs", cancellationToken) is { } body ? Encoding.UTF8.GetString(body) : null;

    /// <summary>The run's jobs; null when the run is unknown.</summary>
    public async Task<IReadOnlyList<JobStatusSummary>?> GetJobsAsync(string runId, CancellationToken cancellationToken) =>
        await GetJobsJsonAsync(runId, cancellationToken) is { } body ? ContractJson.Deserialize<List<JobStatusSummary>>(body, $"jobs of run {runId}") : null;

    /// <summary><c>GET /api/runs</c> (newest first) as the API wrote it.</summary>
    public async Task<string> GetRunsJsonAsync(RunListFilter filter, CancellationToken cancellationToken)
    {
        var query = new[] { ("dataset", filter.Dataset), ("state", filter.State), ("limit", filter.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
        using var response = await SendAsync(HttpMethod.Get, $"api/runs?{string.Join('&', query)}".TrimEnd('?'), cancellationToken);
        return Encoding.UTF8.GetString(await ReadSuccessAsync(response, cancellationToken));
    }

    /// <summary>The files of a run's report (<c>GET .../report/files</c>); null when the run is unknown, empty until written.</summary>
    public async Task<IReadOnlyList<ReportFileInfo>?> GetReportFilesAsync(string runId, CancellationToken cancellationToken) =>
        await GetOrNullAsync($"{RunPath(runId)}/report/files", cancellationToken) is { } body
            ? JsonSerializer.Deserialize<List<ReportFileInfo>>(body, JsonSerializerOptions.Web)
            : null;

    /// <summary>One report file by its listed name (<c>plots/x.png</c>); null when missing.</summary>
    public Task<byte[]?> GetReportFileAsync(string runId, string name, CancellationToken cancellationToken) =>
        GetOrNullAsync($"{RunPath(runId)}/report/files/{string.Join('/', name.Split('/').Select(Uri.EscapeDataString))}", cancellationToken);

    /// <summary>The log of a job's latest attempt (or of <paramref name="attempt"/>); null when the run, job or log is unknown.</summary>
    public async Task<JobLogText?> GetJobLogAsync(string runId, string jobId, int? attempt, CancellationToken cancellationToken)
    {
        string query = attempt is { } n ? $"?attempt={n}" : "";
        using var response = await SendAsync(HttpMethod.Get, $"{RunPath(runId)}/jobs/{Uri.EscapeDataString(jobId)}/log{query}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(await ReadSuccessAsync(response, cancellationToken));
        int shown = response.Headers.TryGetValues(AttemptHeader, out var values) && int.TryParse(values.FirstOrDefault(), out int header) ? header : attempt ?? 0;
        return new JobLogText(jobId, shown, text);
    }

    /// <summary>POSTs a command (<c>cancel</c>, <c>retry</c>) to a run.</summary>
    public Task<CommandAnswer> PostRunCommandAsync(string runId, string command, CancellationToken cancellationToken) =>
        CommandAsync(HttpMethod.Post, $"{RunPath(runId)}/{command}", cancellationToken);

    /// <summary><c>DELETE /api/runs/{runId}</c>.</summary>
    public Task<CommandAnswer> DeleteRunAsync(string runId, CancellationToken cancellationToken) =>
        CommandAsync(HttpMethod.Delete, RunPath(runId), cancellationToken);

    /// <summary>
    /// <c>POST /api/models/{dataset}/{model}/recommend</c> as the API wrote it; null when the dataset has no such promoted model.
    /// </summary>
    /// <exception cref="CliException">The API rejected the request (an unknown user, a bad k), with its reasons.</exception>
    public async Task<string?> RecommendJsonAsync(string dataset, string model, IReadOnlyList<string> userIds, int k, CancellationToken cancellationToken)
    {
        string path = $"api/models/{Uri.EscapeDataString(dataset)}/{Uri.EscapeDataString(model)}/recommend";
        using var response = await SendAsync(HttpMethod.Post, path, cancellationToken, JsonContent.Create(new { userIds, k }));
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => null,
            HttpStatusCode.BadRequest => throw new CliException(ExitCodes.InvalidInput, DescribeError(await response.Content.ReadAsByteArrayAsync(cancellationToken))),
            _ => Encoding.UTF8.GetString(await ReadSuccessAsync(response, cancellationToken)),
        };
    }

    public void Dispose() => http.Dispose();

    private static string RunPath(string runId) => $"api/runs/{Uri.EscapeDataString(runId)}";

    /// <summary>Accepted (2xx), NotFound (404) or Conflict (409, with the API's reason); anything else is an error.</summary>
    private async Task<CommandAnswer> CommandAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            string reason = DescribeError(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            return new CommandAnswer(response.StatusCode == HttpStatusCode.NotFound ? CommandResult.NotFound : CommandResult.Conflict, reason);
        }

        await ReadSuccessAsync(response, cancellationToken);
        return new CommandAnswer(CommandResult.Accepted, null);
    }

    /// <summary>The body of a successful GET; null for a 404; anything else is an error.</summary>
    private async Task<byte[]?> GetOrNullAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadSuccessAsync(response, cancellationToken);
    }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
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
            return Encoding.UTF8.GetString(body);
        }
    }
}

internal enum CommandResult
{
    Accepted,
    NotFound,
    Conflict,
}

/// <param name="Reason">The API's explanation of a 404 or 409.</param>
internal sealed record CommandAnswer(CommandResult Result, string? Reason);

/// <summary>Filters of <c>GET /api/runs</c>; null ones are left out.</summary>
internal sealed record RunListFilter(string? Dataset, string? State, int? Limit);

/// <summary>One entry of <c>GET /api/runs/{runId}/report/files</c>.</summary>
/// <param name="Name">Relative to the run's folder: <c>report.md</c>, <c>plots/mf-recall20.png</c>.</param>
internal sealed record ReportFileInfo(string Name, string ContentType, long Bytes, DateTimeOffset LastModified);

/// <param name="Attempt">The attempt the log belongs to.</param>
internal sealed record JobLogText(string JobId, int Attempt, string Text);
