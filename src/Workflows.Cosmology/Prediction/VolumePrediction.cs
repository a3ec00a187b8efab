using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Tiling;

namespace Workflows.Cosmology.Prediction;

/// <summary>
/// The in-process reference a stitched prediction is compared with. Reproduce mode: every tile predicted on its
/// own, as the studies did. Halo mode: the whole volume at once — with circular padding for a periodic box; a
/// non-periodic box is surrounded by a halo of empty space (zero density, as its edge tiles see) and cropped.
/// </summary>
public static class VolumePrediction
{
    public static VoxelGrid PredictWhole(CascadeModel model, VoxelGrid volume, TilingSpec spec, CascadeOutput output = CascadeOutput.Counts)
    {
        if (spec.IsReproduceMode) return PredictTiled(model, volume, spec, output);
        var s = volume.Shape;
        int multiple = model.Config.PoolingMultiple;
        if (s.Nx % multiple != 0 || s.Ny % multiple != 0 || s.Nz % multiple != 0)
            throw new ArgumentException($"Whole-volume prediction needs a size that is a multiple of {multiple}, found {s}.", nameof(volume));
        if (!spec.Periodic)
        {
            model.Boundary = BoundaryMode.Zero;
            var surrounded = volume.Extract(s.Whole.Grow(spec.Halo), periodic: false);
            return model.Predict(surrounded, output).Extract(new VoxelRegion(Int3.Uniform(spec.Halo), s.Size), periodic: false);
        }
        model.Boundary = BoundaryMode.Circular;
        try
        {
            return model.Predict(volume, output);
        }
        finally
        {
            model.Boundary = BoundaryMode.Zero;
        }
    }

    /// <summary>
    /// Every tile of the lattice cut with its halo, predicted on its own and its interior pasted back: what the
    /// workflow's predict and stitch steps compute, in one process.
    /// </summary>
    public static VoxelGrid PredictTiled(CascadeModel model, VoxelGrid volume, TilingSpec spec, CascadeOutput output = CascadeOutput.Counts)
    {
        var lattice = new TileLattice(volume.Shape, spec);
        var predictor = new TilePredictor(model, spec);
        var result = new VoxelGrid(volume.Shape);
        foreach (var key in lattice.Tiles)
        {
            var interior = predictor.PredictTile(volume.Extract(lattice.Cut(key), spec.Periodic), output);
            var inVolume = lattice.InteriorInVolume(key);
            result.Paste(interior.Extract(new VoxelRegion(default, inVolume.Size), periodic: false), inVolume.Origin);
        }
        return result;
    }
}
