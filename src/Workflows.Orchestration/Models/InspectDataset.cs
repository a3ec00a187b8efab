using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Models;

/// <summary>Reads a dataset's manifest, hashes the content of the files it references and lists its promoted models.</summary>
public sealed class InspectDataset(IBlobStore blobs) : TaskActivity<string, DatasetInspection>
{
    public override async Task<DatasetInspection> RunAsync(TaskActivityContext context, string dataset)
    {
        var cancellationToken = CancellationToken.None;
        var champions = new List<ModelPointer>();
        await foreach (var blob in blobs.ListAsync(BlobLayout.ModelsContainer, BlobLayout.ModelsPrefix(dataset), cancellationToken))
        {
            if (blob.Path.Name.EndsWith($"/{BlobLayout.ModelPointerFileName}", StringComparison.Ordinal)
                && await blobs.TryReadAsync(blob.Path, cancellationToken) is { } pointer)
            {
                champions.Add(ModelPointer.Parse(pointer.Data.Span, blob.Path.ToString()));
            }
        }

        champions.Sort((a, b) => string.CompareOrdinal(a.Model, b.Model));
        var manifestPath = BlobLayout.Manifest(dataset);
        var content = await blobs.TryReadAsync(manifestPath, cancellationToken);
        if (content is null)
        {
            return new DatasetInspection("", null, $"{manifestPath} does not exist", champions);
        }

        DatasetManifest manifest;
        try
        {
            manifest = DatasetManifest.Parse(content.Data.Span, manifestPath.ToString());
        }
        catch (ContractValidationException ex)
        {
            return new DatasetInspection("", null, ex.Message, champions);
        }

        var fingerprints = await DatasetFingerprints.ReadAsync(blobs, dataset, manifest, cancellationToken);
        return new DatasetInspection(Identifiers.DatasetContentHash(fingerprints), manifest, null, champions);
    }
}
