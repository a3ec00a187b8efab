using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Prediction;
using Workflows.Jobs.Processing;
using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;
using Workflows.Torch;
using static TorchSharp.torch;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// <c>cosmo.predict-tiles</c>: predicts this job's tiles, and only those: each haloed input tile blob is read, predicted by
/// the trained cascade, cropped to its interior and written to the attempt's folder as <c>tiles/{tile}.npy</c> (artifact
/// named by the tile). One tile is in memory at a time; a heartbeat after every tile also checks the cancel marker.
/// </summary>
public sealed class PredictTilesHandler(IOptions<WorkerOptions> workerOptions) : IJobHandler
{
    private readonly Device device = TorchDevices.Parse(workerOptions.Value.Device);

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var parameters = message.ParametersAs<PredictTilesParameters>();
        var tiling = GalaxySpecs.Tiling(parameters.Tiling);
        var lattice = GalaxySpecs.Lattice(parameters.Tiling);
        var tiles = lattice.Tiles.Skip(parameters.FirstTile).Take(parameters.TileCount).ToList();
        if (parameters.FirstTile < 0 || tiles.Count != parameters.TileCount || tiles.Count == 0)
        {
            throw new ContractValidationException($"job {message.JobId}",
                [new ValidationError("parameters", $"tiles [{parameters.FirstTile}, {parameters.FirstTile + parameters.TileCount}) are not within the lattice's {lattice.TileCount}")]);
        }

        using var model = await LoadModelAsync(context.Blobs, CosmoTrainHandler.InputPath(message, CosmoJobInputs.TrainResult), cancellationToken).ConfigureAwait(false);
        var predictor = new TilePredictor(model, tiling);
        var folder = CosmoTrainHandler.InputPath(message, CosmoJobInputs.Tiles);
        var artifacts = new Dictionary<string, string>();
        foreach (var key in tiles)
        {
            var input = await GridBlob.ReadAllAsync(context.Blobs, folder with { Name = $"{folder.Name}{key.Name}.npy" }, cancellationToken).ConfigureAwait(false);
            if (input.Shape != GridShape.Cube(tiling.CutSize))
            {
                throw new GridFormatException(key.Name, $"input tile has shape {input.Shape}, expected {GridShape.Cube(tiling.CutSize)}");
            }

            using (var output = new MemoryStream())
            {
                NpyGridWriter.Write(output, predictor.PredictTile(input));
                output.Position = 0;
                artifacts[key.Name] = await context.WriteArtifactAsync($"tiles/{key.Name}.npy", output, cancellationToken).ConfigureAwait(false);
            }

            await context.EpochCompletedAsync(artifacts.Count, tiles.Count, new Dictionary<string, double>(), cancellationToken).ConfigureAwait(false);
        }

        return new JobHandlerResult(
            new Dictionary<string, double> { ["tiles"] = tiles.Count, ["voxels"] = tiles.Count * Math.Pow(tiling.TileSize, 3) },
            artifacts);
    }

    private async Task<CascadeModel> LoadModelAsync(IBlobStore blobs, BlobPath trainResult, CancellationToken cancellationToken)
    {
        var content = await blobs.TryReadAsync(trainResult, cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(trainResult);
        var result = ContractJson.Deserialize<JobResult>(content.Data.Span, trainResult.ToString());
        if (!result.Artifacts.TryGetValue(CosmoArtifacts.Model, out var modelPath))
        {
            throw new ContractValidationException(trainResult.ToString(), [new ValidationError("artifacts", $"no '{CosmoArtifacts.Model}' artifact")]);
        }

        var model = await blobs.TryReadAsync(BlobPath.Parse(modelPath), cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(BlobPath.Parse(modelPath));
        using var stream = new MemoryStream(model.Data.ToArray(), writable: false);
        return CascadeModel.Load(stream, device, modelPath);
    }
}
