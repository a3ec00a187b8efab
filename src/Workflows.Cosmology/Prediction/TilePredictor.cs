using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Tiling;

namespace Workflows.Cosmology.Prediction;

/// <summary>
/// Predicts tiles one at a time (so results do not depend on how tiles are grouped into jobs): reads each haloed
/// input tile, runs the cascade with zero padding, crops to the interior and writes a TileSize³ .npy output.
/// </summary>
public sealed class TilePredictor(CascadeModel model, TilingSpec spec, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public void PredictTiles(IEnumerable<TileKey> tiles, Func<TileKey, Stream> openInput, Func<TileKey, Stream> openOutput,
        CancellationToken cancellationToken = default)
    {
        foreach (var key in tiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            VoxelGrid cut;
            using (var reader = NpyGridReader.Open(openInput(key), key.Name))
            {
                if (reader.Shape != GridShape.Cube(spec.CutSize))
                    throw new GridFormatException(key.Name, $"input tile has shape {reader.Shape}, expected {GridShape.Cube(spec.CutSize)}");
                cut = reader.ReadAll();
            }
            var output = PredictTile(cut);
            using (var stream = openOutput(key)) NpyGridWriter.Write(stream, output);
            _logger.PredictedTile(key.Name);
        }
    }

    /// <summary>Predicts one haloed tile (CutSize³) and returns its interior (TileSize³).</summary>
    public VoxelGrid PredictTile(VoxelGrid cut, CascadeOutput output = CascadeOutput.Counts)
    {
        model.Boundary = BoundaryMode.Zero;
        return model.Predict(cut, output).Extract(VoxelRegion.Cube(Int3.Uniform(spec.Halo), spec.TileSize), periodic: false);
    }
}
