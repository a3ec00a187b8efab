using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Cosmology;

/// <summary><see cref="IGalaxyWorkflowSteps"/> over the cosmology engine: one type per step.</summary>
public sealed class GalaxyWorkflowSteps(IBlobStore blobs) : IGalaxyWorkflowSteps
{
    private readonly GalaxyDataPreparer preparer = new(blobs);
    private readonly PredictionStitcher stitcher = new(blobs);
    private readonly GalaxyMeasurer measurer = new(blobs);

    public Task<GalaxyPreparation> PrepareAsync(string runId, DatasetManifest manifest, GalaxyPaintingSpec spec, CancellationToken cancellationToken) =>
        preparer.PrepareAsync(runId, manifest, spec, cancellationToken);

    public Task<GalaxyCutResult> CutAsync(GalaxyCutRequest request, CancellationToken cancellationToken) => preparer.CutAsync(request, cancellationToken);

    public Task<GalaxyStitchResult> StitchAsync(GalaxyStitchRequest request, CancellationToken cancellationToken) => stitcher.StitchAsync(request, cancellationToken);

    public Task<GalaxyMeasurementSummary> MeasureAsync(GalaxyMeasureRequest request, CancellationToken cancellationToken) => measurer.MeasureAsync(request, cancellationToken);
}
