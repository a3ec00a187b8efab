using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Measurements;

internal static class RegionVoxels
{
    /// <summary>Flat indices of the voxels in the regions (which must lie inside the grid), or of every voxel.</summary>
    public static IEnumerable<long> Indices(GridShape shape, IReadOnlyList<VoxelRegion>? regions)
    {
        if (regions is null)
        {
            for (long i = 0; i < shape.VoxelCount; i++) yield return i;
            yield break;
        }
        foreach (var r in regions)
        {
            if (r.Origin.X < 0 || r.Origin.Y < 0 || r.Origin.Z < 0 || r.End.X > shape.Nx || r.End.Y > shape.Ny || r.End.Z > shape.Nz)
                throw new ArgumentException($"Region {r} is not inside grid {shape}.");
            for (int x = r.Origin.X; x < r.End.X; x++)
                for (int y = r.Origin.Y; y < r.End.Y; y++)
                {
                    long row = shape.IndexOf(x, y, r.Origin.Z);
                    for (int z = 0; z < r.Size.Z; z++) yield return row + z;
                }
        }
    }
}
