using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Baselines;

/// <summary>
/// The local mean-occupancy benchmark: ⟨N_gal | ρ_DM⟩ and P(N &gt; 0 | ρ_DM) in bins of ln(1 + ρ_DM), fitted on the
/// training region. It predicts occupancy where P(N &gt; 0 | ρ) &gt; 0.5 (for F1) and a seeded Poisson draw from the
/// fitted mean (for P(k) and count PDFs). It sees one voxel at a time, so it cannot learn non-local structure.
/// </summary>
public sealed record LocalMeanOccupancy(double BinWidth, double[] MeanCount, double[] OccupiedFraction)
{
    public static LocalMeanOccupancy Fit(VoxelGrid darkMatter, VoxelGrid galaxies, IReadOnlyList<VoxelRegion> trainingRegions, int bins = 40)
    {
        if (darkMatter.Shape != galaxies.Shape) throw new ArgumentException($"Grids differ in shape: {darkMatter.Shape} vs {galaxies.Shape}.");
        var indices = RegionVoxels.Indices(darkMatter.Shape, trainingRegions).ToArray();
        double max = indices.Max(i => Math.Log(1 + darkMatter.Data[i]));
        double width = Math.Max(max, 1e-6) / bins * (1 + 1e-9);
        var sum = new double[bins];
        var occupied = new double[bins];
        var count = new long[bins];
        foreach (long i in indices)
        {
            int b = Bin(darkMatter.Data[i], width, bins);
            sum[b] += galaxies.Data[i];
            occupied[b] += galaxies.Data[i] > 0 ? 1 : 0;
            count[b]++;
        }
        var mean = new double[bins];
        var fraction = new double[bins];
        for (int b = 0; b < bins; b++)
        {
            // An empty bin borrows from the nearest lower populated bin (densities are ordered).
            int source = b;
            while (source > 0 && count[source] == 0) source--;
            mean[b] = count[source] == 0 ? 0 : sum[source] / count[source];
            fraction[b] = count[source] == 0 ? 0 : occupied[source] / count[source];
        }
        return new LocalMeanOccupancy(width, mean, fraction);
    }

    public VoxelGrid PredictOccupancy(VoxelGrid darkMatter) =>
        Map(darkMatter, d => OccupiedFraction[Bin(d, BinWidth, OccupiedFraction.Length)] > 0.5 ? 1f : 0f);

    public VoxelGrid PredictMean(VoxelGrid darkMatter) =>
        Map(darkMatter, d => (float)MeanCount[Bin(d, BinWidth, MeanCount.Length)]);

    public VoxelGrid PredictCounts(VoxelGrid darkMatter, int seed) => PoissonRealisation.Draw(PredictMean(darkMatter), seed);

    private static VoxelGrid Map(VoxelGrid grid, Func<float, float> f) => new(grid.Shape, grid.Data.Select(f).ToArray());

    private static int Bin(float density, double width, int bins) =>
        Math.Clamp((int)(Math.Log(1 + Math.Max(density, 0)) / width), 0, bins - 1);
}
