using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Ports;

namespace Workflows.Host.Watcher;

/// <summary>
/// Starts a run for every new version of <c>datasets/{dataset}/dataset.json</c>, the standalone host's stand-in for
/// Event Grid's blob-created event. A version is identified by the manifest's ETag, and is handled once:
/// <list type="bullet">
/// <item>after the run is started, a marker blob per dataset and ETag is created (If-None-Match: *), so a restarted
/// host, or a second host, skips versions already handled — even if their runs were since deleted;</item>
/// <item>a crash between starting and marking is harmless: the run id is deterministic (dataset, spec, file hashes)
/// and the engine dedupes, so starting the same version again is a no-op.</item>
/// </list>
/// </summary>
internal sealed partial class ContainerWatcher(
    IBlobStore blobs,
    IRunService runs,
    IOptions<ContainerWatcherOptions> options,
    TimeProvider time,
    ILogger<ContainerWatcher> logger) : BackgroundService
{
    /// <summary>dataset → ETag of the manifest version already handled, so a scan reads no marker for unchanged manifests.</summary>
    private readonly Dictionary<string, string> handled = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScanFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over the datasets container; returns the datasets whose runs it started.</summary>
    internal async Task<IReadOnlyList<string>> ScanAsync(CancellationToken cancellationToken)
    {
        var started = new List<string>();
        await foreach (var blob in blobs.ListAsync(BlobLayout.DatasetsContainer, "", cancellationToken))
        {
            if (DatasetOf(blob.Path) is not { } dataset
                || (handled.TryGetValue(dataset, out string? etag) && etag == blob.ETag))
            {
                continue;
            }

            var marker = BlobLayout.ManifestSeenMarker(dataset, blob.ETag);
            if (await blobs.GetVersionAsync(marker, cancellationToken) is null)
            {
                if (!await TryStartAsync(dataset, blob, marker, cancellationToken))
                {
                    continue;
                }

                started.Add(dataset);
            }

            handled[dataset] = blob.ETag;
        }

        return started;
    }

    private async Task<bool> TryStartAsync(string dataset, BlobVersion manifest, BlobPath marker, CancellationToken cancellationToken)
    {
        StartRunResult result;
        try
        {
            result = await runs.StartFromManifestAsync(dataset, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not marked: the next scan tries this version again.
            LogStartFailed(dataset, manifest.ETag, ex);
            return false;
        }

        var record = new ManifestSeen(dataset, manifest.ETag, result.RunId, time.GetUtcNow());
        await blobs.TryCreateAsync(marker, ContractJson.SerializeToUtf8Bytes(record), cancellationToken);
        LogManifestHandled(dataset, manifest.ETag, result.RunId, result.Created, result.Status.State);
        return true;
    }

    /// <summary>The dataset of <c>{dataset}/dataset.json</c>; null for any other blob (data files, nested folders).</summary>
    private static string? DatasetOf(BlobPath path)
    {
        int slash = path.Name.IndexOf('/');
        return slash > 0 && path.Name[(slash + 1)..] == BlobLayout.ManifestFileName ? path.Name[..slash] : null;
    }

    [LoggerMessage(7100, LogLevel.Information, "Manifest of {Dataset} (ETag {ETag}) handled: run {RunId}, created {Created}, state {State}")]
    private partial void LogManifestHandled(string dataset, string eTag, string runId, bool created, RunState state);

    [LoggerMessage(7101, LogLevel.Warning, "Starting the run of {Dataset} (manifest ETag {ETag}) failed; the next scan retries")]
    private partial void LogStartFailed(string dataset, string eTag, Exception exception);

    [LoggerMessage(7102, LogLevel.Error, "Scanning the datasets container failed; the next scan retries")]
    private partial void LogScanFailed(Exception exception);
}

/// <summary>The marker's content: which run a manifest version started, for whoever wonders later.</summary>
internal sealed record ManifestSeen(string Dataset, string ManifestETag, string RunId, DateTimeOffset HandledAt);
