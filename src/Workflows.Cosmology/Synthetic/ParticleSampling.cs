using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Synthetic;

/// <summary>Draws particle positions whose per-voxel counts are Poisson with a given mean, placed uniformly inside each voxel.</summary>
public static class ParticleSampling
{
    /// <returns>Positions as (x, y, z) triples in [0, boxSize).</returns>
    public static float[] FromMeanCounts(VoxelGrid meanCounts, double boxSize, int seed)
    {
        var s = meanCounts.Shape;
        if (!s.IsCubic) throw new ArgumentException($"A cubic grid is needed, found {s}.", nameof(meanCounts));
        var sampler = new RandomSampler(seed);
        double cell = boxSize / s.Nx;
        var xyz = new List<float>();
        for (int x = 0; x < s.Nx; x++)
            for (int y = 0; y < s.Ny; y++)
                for (int z = 0; z < s.Nz; z++)
                {
                    int count = sampler.Poisson(meanCounts[x, y, z]);
                    for (int p = 0; p < count; p++)
                    {
                        xyz.Add((float)((x + sampler.Uniform()) * cell));
                        xyz.Add((float)((y + sampler.Uniform()) * cell));
                        xyz.Add((float)((z + sampler.Uniform()) * cell));
                    }
                }
        return xyz.ToArray();
    }
}
