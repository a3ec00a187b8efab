using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Cosmology;

/// <summary>Validates the dataset's grids against the manifest and the spec, and plans the tiling (through <see cref="IGalaxyWorkflowSteps"/>).</summary>
public sealed class PrepareGalaxyData(IBlobStore blobs, IGalaxyWorkflowSteps steps) : TaskActivity<GalaxyPrepareRequest, GalaxyPreparation>
{
    public override async Task<GalaxyPreparation> RunAsync(TaskActivityContext context, GalaxyPrepareRequest input)
    {
        var path = BlobPath.Parse(input.ManifestPath);
        var content = await blobs.TryReadAsync(path, CancellationToken.None) ?? throw new BlobNotFoundException(path);
        var manifest = DatasetManifest.Parse(content.Data.Span, path.ToString());
        return await steps.PrepareAsync(input.RunId, manifest, input.Spec, CancellationToken.None);
    }
}

/// <summary>Cuts the target volume into haloed tile blobs in one streaming pass.</summary>
public sealed class CutTargetTiles(IGalaxyWorkflowSteps steps) : TaskActivity<GalaxyCutRequest, GalaxyCutResult>
{
    public override Task<GalaxyCutResult> RunAsync(TaskActivityContext context, GalaxyCutRequest input) => steps.CutAsync(input, CancellationToken.None);
}

/// <summary>Stitches the predicted tiles slab by slab, or names the jobs whose output must be redone.</summary>
public sealed class StitchPrediction(IGalaxyWorkflowSteps steps) : TaskActivity<GalaxyStitchRequest, GalaxyStitchResult>
{
    public override Task<GalaxyStitchResult> RunAsync(TaskActivityContext context, GalaxyStitchRequest input) => steps.StitchAsync(input, CancellationToken.None);
}

/// <summary>Measures the stitched prediction and the local benchmark against the truth.</summary>
public sealed class MeasureGalaxies(IGalaxyWorkflowSteps steps) : TaskActivity<GalaxyMeasureRequest, GalaxyMeasurementSummary>
{
    public override Task<GalaxyMeasurementSummary> RunAsync(TaskActivityContext context, GalaxyMeasureRequest input) => steps.MeasureAsync(input, CancellationToken.None);
}

/// <summary>Writes the galaxy-painting report through <see cref="IGalaxyReportWriter"/>.</summary>
public sealed class WriteGalaxyReport(IGalaxyReportWriter writer) : TaskActivity<GalaxyReportInput, RunReportPaths>
{
    public override async Task<RunReportPaths> RunAsync(TaskActivityContext context, GalaxyReportInput input)
    {
        var location = await writer.WriteAsync(input, CancellationToken.None);
        return new RunReportPaths(location.Json, location.Markdown);
    }
}
