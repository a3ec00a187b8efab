using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Recsys;

/// <summary>Converts the dataset's files into the prepared form workers read (CPU work, through <see cref="IRecsysDatasetPreparer"/>).</summary>
public sealed class PrepareRecsysDataset(IBlobStore blobs, IRecsysDatasetPreparer preparer) : TaskActivity<PrepareRequest, PreparedRecsysDataset>
{
    public override async Task<PreparedRecsysDataset> RunAsync(TaskActivityContext context, PrepareRequest input)
    {
        var cancellationToken = CancellationToken.None;
        var path = BlobPath.Parse(input.ManifestPath);
        var content = await blobs.TryReadAsync(path, cancellationToken) ?? throw new BlobNotFoundException(path);
        var manifest = DatasetManifest.Parse(content.Data.Span, path.ToString());
        return await preparer.PrepareAsync(input.RunId, manifest, input.Spec, cancellationToken);
    }
}
