using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Synthetic;

/// <summary>Local maxima of the 3³-smoothed density (periodic), highest first.</summary>
internal static class DensityPeaks
{
    public static IReadOnlyList<(Int3 Voxel, double Height)> Find(VoxelGrid density, int count)
    {
        var smooth = BoxSmooth(density);
        var s = density.Shape;
        var peaks = new List<(Int3, double)>();
        for (int x = 0; x < s.Nx; x++)
            for (int y = 0; y < s.Ny; y++)
                for (int z = 0; z < s.Nz; z++)
                {
                    float v = smooth[x, y, z];
                    if (v > 0 && IsMaximum(smooth, x, y, z, v)) peaks.Add((new Int3(x, y, z), v));
                }
        return peaks.OrderByDescending(p => p.Item2).ThenBy(p => p.Item1.X).ThenBy(p => p.Item1.Y).ThenBy(p => p.Item1.Z).Take(count).ToArray();
    }

    private static bool IsMaximum(VoxelGrid g, int x, int y, int z, float v)
    {
        var s = g.Shape;
        for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dz = -1; dz <= 1; dz++)
                {
                    if (dx == 0 && dy == 0 && dz == 0) continue;
                    float w = g[(x + dx + s.Nx) % s.Nx, (y + dy + s.Ny) % s.Ny, (z + dz + s.Nz) % s.Nz];
                    // Ties break towards the lower flat index so a plateau yields exactly one peak.
                    if (w > v || (w == v && (dx, dy, dz).CompareTo((0, 0, 0)) < 0)) return false;
                }
        return true;
    }

    private static VoxelGrid BoxSmooth(VoxelGrid g)
    {
        var s = g.Shape;
        var result = new VoxelGrid(s);
        for (int x = 0; x < s.Nx; x++)
            for (int y = 0; y < s.Ny; y++)
                for (int z = 0; z < s.Nz; z++)
                {
                    float sum = 0;
                    for (int dx = -1; dx <= 1; dx++)
                        for (int dy = -1; dy <= 1; dy++)
                            for (int dz = -1; dz <= 1; dz++)
                                sum += g[(x + dx + s.Nx) % s.Nx, (y + dy + s.Ny) % s.Ny, (z + dz + s.Nz) % s.Nz];
                    result[x, y, z] = sum / 27;
                }
        return result;
    }
}
