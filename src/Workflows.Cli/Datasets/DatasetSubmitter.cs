using System.Text.Json;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Cli.Datasets;

/// <summary>Validates a dataset folder, uploads it (manifest last) and waits for the run its manifest starts.</summary>
internal static class DatasetSubmitter
{
    private static readonly TimeSpan RunStartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <returns>The run id, or null when no run was started within the timeout (a manual-trigger manifest, or no watcher).</returns>
    public static async Task<string?> SubmitAsync(IAnsiConsole console, DatasetFolder folder, CliEndpoints endpoints, CancellationToken cancellationToken)
    {
        var manifest = folder.Manifest;
        await using var storage = new CliStorage(endpoints.RequireStorage());
        var uploaded = await console.Status().StartAsync($"Uploading {manifest.Files.Count} file(s) of [bold]{manifest.Name}[/] ({folder.TotalBytes / 1024.0 / 1024.0:F1} MB)...", _ =>
            CliStorage.CallAsync(() => folder.UploadAsync(storage.Blobs, file => console.MarkupLineInterpolated($"  uploaded [grey]{file.Path}[/] ({file.Role})"), cancellationToken),
                $"uploading to {BlobLayout.DatasetsContainer}/{manifest.Name}/"));
        console.MarkupLineInterpolated($"  uploaded [grey]{BlobLayout.ManifestFileName}[/] last (ETag {uploaded.ETag})");

        if (manifest.Trigger == DatasetTrigger.Manual)
        {
            console.MarkupLine("The manifest says [bold]trigger: manual[/]: no run starts on upload.");
            return null;
        }

        return await console.Status().StartAsync("Waiting for the host to start the run...", _ =>
            WaitForRunAsync(storage.Blobs, manifest.Name, uploaded.ETag, cancellationToken));
    }

    /// <summary>The host's container watcher records which run each manifest version started.</summary>
    private static async Task<string?> WaitForRunAsync(IBlobStore blobs, string dataset, string manifestETag, CancellationToken cancellationToken)
    {
        var marker = BlobLayout.ManifestSeenMarker(dataset, manifestETag);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunStartTimeout);
        try
        {
            while (true)
            {
                if (await CliStorage.CallAsync(() => blobs.TryReadAsync(marker, timeout.Token), $"reading {marker}") is { } seen)
                {
                    using var record = JsonDocument.Parse(seen.Data);
                    return record.RootElement.GetProperty("runId").GetString();
                }

                await Task.Delay(PollInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
