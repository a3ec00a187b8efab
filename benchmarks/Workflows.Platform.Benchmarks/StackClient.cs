using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Workflows.Contracts;
using Workflows.LocalStack;

namespace Workflows.Platform.Benchmarks;

/// <summary>What the benchmarks do to a running stack, as any client would: upload datasets, start runs, poll, read blobs.</summary>
internal sealed class StackClient(WorkflowsLocalStack stack) : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient api = new() { BaseAddress = stack.Endpoints.HostUrl, Timeout = TimeSpan.FromSeconds(30) };

    public BlobServiceClient Blobs { get; } = new(stack.Endpoints.StorageConnectionString);

    public static string LastFmFolder => Path.Combine(WorkflowsLocalStack.RepositoryRoot, "samples", "lastfm");

    /// <summary>Uploads the LastFM sample's files, then its manifest (the trigger) with the given name, trigger and default run.</summary>
    /// <returns>The manifest's ETag.</returns>
    public async Task<string> UploadLastFmAsync(string dataset, string trigger, JsonNode? defaultRun, CancellationToken cancellationToken)
    {
        var container = Blobs.GetBlobContainerClient(BlobLayout.DatasetsContainer);
        foreach (string file in new[] { "train.tsv", "test.tsv" })
        {
            await container.GetBlobClient(BlobLayout.DatasetFile(dataset, file).Name)
                .UploadAsync(BinaryData.FromBytes(await File.ReadAllBytesAsync(Path.Combine(LastFmFolder, file), cancellationToken)), overwrite: true, cancellationToken);
        }

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(LastFmFolder, BlobLayout.ManifestFileName), cancellationToken))!.AsObject();
        manifest["name"] = dataset;
        manifest["trigger"] = trigger;
        if (defaultRun is not null)
        {
            manifest["defaultRun"] = defaultRun.DeepClone();
        }

        var uploaded = await container.GetBlobClient(BlobLayout.Manifest(dataset).Name)
            .UploadAsync(BinaryData.FromString(manifest.ToJsonString()), overwrite: true, cancellationToken);
        return uploaded.Value.ETag.ToString();
    }

    /// <summary>The run the host's watcher started for one manifest version.</summary>
    public async Task<string> WaitForWatchedRunAsync(string dataset, string manifestETag, CancellationToken cancellationToken)
    {
        var marker = BlobLayout.ManifestSeenMarker(dataset, manifestETag);
        var blob = Blobs.GetBlobContainerClient(marker.Container).GetBlobClient(marker.Name);
        while (!await blob.ExistsAsync(cancellationToken))
        {
            await Task.Delay(PollInterval, cancellationToken);
        }

        var record = JsonNode.Parse((await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString())!;
        return record["runId"]!.GetValue<string>();
    }

    /// <summary><c>POST /api/runs</c> with <c>force</c>, so that repeating a spec makes a new run.</summary>
    public async Task<string> StartRunAsync(string dataset, RunSpec spec, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["dataset"] = dataset,
            ["spec"] = JsonNode.Parse(ContractJson.Serialize(spec)),
            ["force"] = true,
        };
        using var response = await api.PostAsJsonAsync("api/runs", body, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/runs answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!["runId"]!.GetValue<string>();
    }

    public async Task<RunStatus> WaitUntilFinishedAsync(string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await PollAsync(runId, cancellationToken) is { State: not (RunState.Pending or RunState.Running) } status)
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Polls the status every 100 ms until the run finishes, recording when each phase was first seen.</summary>
    /// <param name="onStatus">Awaited with each polled status before the next poll, e.g. to change the stack between phases.</param>
    public async Task<PhaseTimes> WatchPhasesAsync(string runId, System.Diagnostics.Stopwatch clock, CancellationToken cancellationToken, Func<RunStatus, Task>? onStatus = null)
    {
        var phases = new PhaseTimes();
        while (true)
        {
            if (await PollAsync(runId, cancellationToken) is not { } status)
            {
                continue;
            }

            phases.Record(status.Phase, clock.Elapsed.TotalSeconds);
            if (onStatus is not null)
            {
                await onStatus(status);
            }

            if (status.State.IsFinished())
            {
                return status.State == RunState.Completed
                    ? phases
                    : throw new InvalidOperationException($"run {runId} ended {status.State}: {string.Join("; ", status.Errors)}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public Task<string> GetReportTextAsync(string runId, CancellationToken cancellationToken) =>
        api.GetStringAsync($"api/runs/{runId}/report?format=json", cancellationToken);

    public async Task<T> GetReportAsync<T>(string runId, CancellationToken cancellationToken) =>
        ContractJson.Deserialize<T>(await api.GetByteArrayAsync($"api/runs/{runId}/report?format=json", cancellationToken), $"report of {runId}");

    /// <summary>Every job's <c>result.json</c> of a run.</summary>
    public async Task<List<JobResult>> ReadJobResultsAsync(string runId, CancellationToken cancellationToken)
    {
        var container = Blobs.GetBlobContainerClient(BlobLayout.RunsContainer);
        var results = new List<JobResult>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{runId}/jobs/" }, cancellationToken))
        {
            if (blob.Name.EndsWith("/result.json", StringComparison.Ordinal))
            {
                var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                results.Add(ContractJson.Deserialize<JobResult>(content.Value.Content.ToMemory().Span, blob.Name));
            }
        }

        return results;
    }

    public void Dispose() => api.Dispose();

    /// <summary>The run's status; null when the host did not answer within the client's timeout (a loaded machine), so that the caller polls again.</summary>
    private async Task<RunStatus?> PollAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            return ContractJson.Deserialize<RunStatus>(await api.GetByteArrayAsync($"api/runs/{runId}", cancellationToken), $"status of {runId}");
        }
        catch (TaskCanceledException timeout) when (timeout.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
