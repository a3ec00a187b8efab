using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Measurements;

/// <summary>
/// Galaxy counts drawn from a predicted mean field, N ~ Poisson(mean) per voxel in C order with one seeded sampler.
/// A mean field has no shot noise while a catalogue does, so P(k) and count PDFs compare like with like only after
/// this draw; the benchmark and the cascade both go through it.
/// </summary>
public static class PoissonRealisation
{
    public static VoxelGrid Draw(VoxelGrid mean, int seed)
    {
        var sampler = new RandomSampler(seed);
        var counts = new float[mean.Data.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = sampler.Poisson(mean.Data[i]);
        }

        return new VoxelGrid(mean.Shape, counts);
    }
}
