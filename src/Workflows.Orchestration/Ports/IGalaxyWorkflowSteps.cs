using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;

namespace Workflows.Orchestration.Ports;

/// <summary>
/// The CPU steps of a galaxy-painting run, implemented over the cosmology engine and run as activities: validate and plan,
/// cut the target into haloed tile blobs, stitch the predicted tiles, measure. None holds a large grid whole except
/// measuring, whose FFTs need the field.
/// </summary>
public interface IGalaxyWorkflowSteps
{
    /// <summary>Validates the grids (shapes, finite and non-negative values, geometry) and plans the tiling; problems are returned, not thrown.</summary>
    Task<GalaxyPreparation> PrepareAsync(string runId, DatasetManifest manifest, GalaxyPaintingSpec spec, CancellationToken cancellationToken);

    /// <summary>Cuts the target into <see cref="BlobLayout.InputTile"/> blobs in one streaming pass; returns where.</summary>
    Task<GalaxyCutResult> CutAsync(GalaxyCutRequest request, CancellationToken cancellationToken);

    /// <summary>Checks every job's tiles, then stitches slab by slab into <see cref="BlobLayout.Prediction"/>; a job with a bad tile is returned instead.</summary>
    Task<GalaxyStitchResult> StitchAsync(GalaxyStitchRequest request, CancellationToken cancellationToken);

    /// <summary>Measures the prediction and the local benchmark against the truth; writes <see cref="BlobLayout.Measurements"/>.</summary>
    Task<GalaxyMeasurementSummary> MeasureAsync(GalaxyMeasureRequest request, CancellationToken cancellationToken);
}

/// <summary>Writes a galaxy-painting run's <c>report.json</c>, <c>report.md</c>, <c>report.html</c> and plots. Implemented by Workflows.Reporting.</summary>
public interface IGalaxyReportWriter
{
    Task<RunReportLocation> WriteAsync(GalaxyReportInput input, CancellationToken cancellationToken);
}
