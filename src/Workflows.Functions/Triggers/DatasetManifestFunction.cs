using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Functions.Durable;

namespace Workflows.Functions.Triggers;

/// <summary>
/// Starts the run of an uploaded manifest, as the standalone host's container watcher does. Event Grid delivers the
/// BlobCreated event (Flex Consumption has no polling blob trigger); a failed start throws, so the host retries the
/// event, and a repeated event is a no-op because the run id is deterministic and starts are singletons.
/// </summary>
public sealed partial class DatasetManifestFunction(DurableApplicationServices services, ILogger<DatasetManifestFunction> logger)
{
    public const string Name = "DatasetManifestCreated";
    public const string ManifestPath = BlobLayout.DatasetsContainer + "/{dataset}/" + BlobLayout.ManifestFileName;

    [Function(Name)]
    public async Task RunAsync(
        [BlobTrigger(ManifestPath, Source = BlobTriggerSource.EventGrid)] BlobClient manifest,
        string dataset,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var result = await services.Runs(client).StartFromManifestAsync(dataset, cancellationToken);
        LogManifestHandled(manifest.BlobContainerName, manifest.Name, result.RunId, result.Created, result.Status.State, result.NotStartedBecause);
    }

    [LoggerMessage(8100, LogLevel.Information, "Manifest {Container}/{Blob} handled: run {RunId}, created {Created}, state {State}, not started because: {NotStartedBecause}")]
    private partial void LogManifestHandled(string container, string blob, string runId, bool created, RunState state, string? notStartedBecause);
}
