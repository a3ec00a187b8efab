using System.Net.Http.Json;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Workflows.Contracts;
using Workflows.LocalStack;

namespace Workflows.IntegrationTests;

/// <summary>
/// One local stack (Azurite, broker, host, one worker) for the whole collection, with short polling intervals, and the
/// few client operations the tests need: upload a dataset the way any uploader would (files, then the manifest), find
/// the run the upload started, call the HTTP API. Every process writes its spans to a file in <see cref="SpanDirectory"/>.
/// </summary>
public class StackFixture : IAsyncLifetime
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly int workers;
    private readonly IReadOnlyDictionary<string, string> extraSettings;
    private WorkflowsLocalStack? stack;

    public StackFixture()
        : this(workers: 1, new Dictionary<string, string>())
    {
    }

    /// <param name="extraSettings">Added to (or overriding) the short polling intervals every test stack uses.</param>
    protected StackFixture(int workers, IReadOnlyDictionary<string, string> extraSettings)
    {
        this.workers = workers;
        this.extraSettings = extraSettings;
    }

    /// <summary>One <c>.jsonl</c> file of finished spans per stack process (<c>Workflows:Telemetry:SpanFileDirectory</c>).</summary>
    public string SpanDirectory { get; } = Directory.CreateTempSubdirectory("wf-spans-").FullName;

    public WorkflowsLocalStack Stack => stack ?? throw new InvalidOperationException("the stack is not started");

    public HttpClient Api { get; private set; } = null!;

    public BlobServiceClient Blobs { get; private set; } = null!;

    public static string LastFmFolder => Path.Combine(WorkflowsLocalStack.RepositoryRoot, "samples", "lastfm");

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Workflows:Watcher:Interval"] = "00:00:00.500",
            ["Workflows:Durable:MaxQueuePollingInterval"] = "00:00:00.200",
            ["Workflows:Durable:PartitionCount"] = "1",
            ["Workflows:Queues:PollInterval"] = "00:00:00.200",
            ["Workflows:Telemetry:SpanFileDirectory"] = SpanDirectory,
        };
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }

        stack = await WorkflowsLocalStack.StartAsync(new LocalStackOptions { Workers = workers, Settings = settings });
        Api = new HttpClient { BaseAddress = stack.Endpoints.HostUrl, Timeout = TimeSpan.FromSeconds(30) };
        Blobs = new BlobServiceClient(stack.Endpoints.StorageConnectionString);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }

        Directory.Delete(SpanDirectory, recursive: true);
    }

    /// <summary>Uploads the files, then the manifest (the trigger); returns the manifest's ETag.</summary>
    public async Task<string> UploadDatasetAsync(string dataset, IReadOnlyDictionary<string, byte[]> files, byte[] manifest, CancellationToken cancellationToken)
    {
        var container = Blobs.GetBlobContainerClient(BlobLayout.DatasetsContainer);
        foreach (var (path, content) in files)
        {
            await container.GetBlobClient(BlobLayout.DatasetFile(dataset, path).Name).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken);
        }

        var uploaded = await container.GetBlobClient(BlobLayout.Manifest(dataset).Name).UploadAsync(new BinaryData(manifest), overwrite: true, cancellationToken);
        return uploaded.Value.ETag.ToString();
    }

    /// <summary>The LastFM sample under another name, with <paramref name="spec"/> as the manifest's default run.</summary>
    public Task<string> UploadLastFmAsync(string dataset, string spec, CancellationToken cancellationToken, byte[]? train = null) =>
        UploadDatasetAsync(dataset,
            new Dictionary<string, byte[]>
            {
                ["train.tsv"] = train ?? File.ReadAllBytes(Path.Combine(LastFmFolder, "train.tsv")),
                ["test.tsv"] = File.ReadAllBytes(Path.Combine(LastFmFolder, "test.tsv")),
            },
            LastFmManifest(dataset, spec),
            cancellationToken);

    /// <summary>Uploads the LastFM sample as <paramref name="dataset"/> with <paramref name="spec"/> and returns the run it starts.</summary>
    public async Task<string> StartLastFmRunAsync(string dataset, string spec, CancellationToken cancellationToken, byte[]? train = null) =>
        await WaitForRunIdAsync(dataset, await UploadLastFmAsync(dataset, spec, cancellationToken, train), cancellationToken);

    public static byte[] LastFmManifest(string dataset, string spec) => Encoding.UTF8.GetBytes($$"""
        {
          "name": "{{dataset}}",
          "kind": "recsys",
          "files": [
            { "path": "train.tsv", "role": "train", "format": "tsv" },
            { "path": "test.tsv", "role": "test", "format": "tsv" }
          ],
          "interactions": { "layout": "table", "header": false },
          "defaultRun": {{spec}}
        }
        """);

    /// <summary>The run the host's watcher started for one manifest version (its marker names it).</summary>
    public async Task<string> WaitForRunIdAsync(string dataset, string manifestETag, CancellationToken cancellationToken)
    {
        var marker = BlobLayout.ManifestSeenMarker(dataset, manifestETag);
        var blob = Blobs.GetBlobContainerClient(marker.Container).GetBlobClient(marker.Name);
        while (true)
        {
            if (await blob.ExistsAsync(cancellationToken))
            {
                var content = await blob.DownloadContentAsync(cancellationToken);
                using var record = System.Text.Json.JsonDocument.Parse(content.Value.Content.ToMemory());
                return record.RootElement.GetProperty("runId").GetString()!;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public async Task<RunStatus> GetStatusAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await Api.GetAsync($"api/runs/{runId}", cancellationToken);
        response.EnsureSuccessStatusCode();
        return ContractJson.Deserialize<RunStatus>(await response.Content.ReadAsByteArrayAsync(cancellationToken), $"status of {runId}");
    }

    /// <summary>Polls the run's status until it finishes; <paramref name="observe"/> sees every status on the way.</summary>
    public async Task<RunStatus> WaitUntilFinishedAsync(string runId, CancellationToken cancellationToken, Action<RunStatus>? observe = null)
    {
        while (true)
        {
            var status = await GetStatusAsync(runId, cancellationToken);
            observe?.Invoke(status);
            if (status.State is RunState.Completed or RunState.CompletedWithFailures or RunState.Failed or RunState.Cancelled)
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<JobStatusSummary>> GetJobsAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await Api.GetAsync($"api/runs/{runId}/jobs", cancellationToken);
        response.EnsureSuccessStatusCode();
        return ContractJson.Deserialize<List<JobStatusSummary>>(await response.Content.ReadAsByteArrayAsync(cancellationToken), $"jobs of {runId}");
    }

    public async Task<IReadOnlyList<RunStatus>> ListRunsAsync(string dataset, CancellationToken cancellationToken)
    {
        using var response = await Api.GetAsync($"api/runs?dataset={dataset}", cancellationToken);
        response.EnsureSuccessStatusCode();
        return ContractJson.Deserialize<List<RunStatus>>(await response.Content.ReadAsByteArrayAsync(cancellationToken), "run list");
    }

    /// <summary>Names of the blobs under <c>runs/{prefix}</c>.</summary>
    public async Task<List<string>> ListRunBlobsAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var container = Blobs.GetBlobContainerClient(BlobLayout.RunsContainer);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public async Task<T> ReadRunBlobAsync<T>(string name, CancellationToken cancellationToken)
    {
        var content = await Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return ContractJson.Deserialize<T>(content.Value.Content.ToMemory().Span, name);
    }

    /// <summary>A log file a stack program is still writing.</summary>
    public static string ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    public async Task<string> ReadRunTextAsync(string name, CancellationToken cancellationToken)
    {
        var content = await Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToString();
    }

    public Task<HttpResponseMessage> PostRunAsync(object body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Api.SendAsync(request, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "local stack";
}
