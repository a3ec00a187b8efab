using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Spectra;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Baselines;

/// <summary>The HOD baseline's search space and target (defaults: P(k) compared at k ≤ 1 h/Mpc).</summary>
public sealed record HodFitOptions(IReadOnlyList<double> Alphas, IReadOnlyList<double> SatelliteMasses, double MaxK = 1.0, int Seed = 0)
{
    /// <summary>Relative tolerance of the Mmin bisection on the galaxy count.</summary>
    public double CountTolerance { get; init; } = 1e-3;
}

public sealed record HodFitResult(HodParameters Parameters, double AchievedCountRatio, double SpectrumDistance, VoxelGrid Galaxies);

/// <summary>
/// Fits the HOD baseline to a halo catalogue and the true galaxy grid: for every (α, M1) on the grid, Mmin by
/// bisection so the expected galaxy count matches the truth, then the (α, M1) whose populated grid's P(k)
/// is closest (sum of squared log ratios over shells with k ≤ MaxK). Populations reuse one seed per candidate
/// (common random numbers) so the comparison is not swamped by Poisson noise.
/// </summary>
public static class HodFit
{
    public static HodFitResult Fit(HaloCatalogue halos, VoxelGrid galaxies, double boxSize, HodFitOptions options)
    {
        double targetCount = galaxies.Sum();
        var truth = PowerSpectrum.Measure(galaxies, boxSize);
        HodFitResult? best = null;
        foreach (double alpha in options.Alphas)
            foreach (double m1 in options.SatelliteMasses)
            {
                var (minimumMass, ratio) = MinimumMassFor(halos, targetCount, m1, alpha, options.CountTolerance);
                var parameters = new HodParameters(minimumMass, m1, alpha);
                var grid = Paint(parameters, halos, boxSize, galaxies.Shape.Nx, options.Seed);
                var spectrum = PowerSpectrum.Measure(grid, boxSize);
                double distance = Enumerable.Range(0, truth.ShellCount)
                    .Where(i => truth.K[i] <= options.MaxK)
                    .Sum(i => Math.Pow(Math.Log(spectrum.Power[i] / truth.Power[i]), 2));
                if (best is null || distance < best.SpectrumDistance) best = new HodFitResult(parameters, ratio, distance, grid);
            }
        return best ?? throw new ArgumentException("The (α, M1) grid is empty.", nameof(options));
    }

    /// <summary>The galaxies of a seeded HOD population of the halos, counted per voxel (NGP) on a periodic gridSize³ grid.</summary>
    public static VoxelGrid Paint(HodParameters parameters, HaloCatalogue halos, double boxSize, int gridSize, int seed) =>
        ParticleGridding.Assign(parameters.Populate(halos, boxSize, seed), boxSize, gridSize, MassAssignment.NearestGridPoint);

    /// <summary>
    /// Mmin such that the expected count matches the target (the count falls as Mmin rises). The central step is
    /// sharp, so the count is a step function of Mmin and the achieved ratio (reported) can miss the tolerance by
    /// up to one halo's galaxies; bisection stops once ln Mmin is fixed to the tolerance.
    /// </summary>
    public static (double MinimumMass, double CountRatio) MinimumMassFor(HaloCatalogue halos, double targetCount, double satelliteMass, double alpha, double tolerance)
    {
        double Count(double logMmin) => new HodParameters(Math.Exp(logMmin), satelliteMass, alpha).ExpectedCount(halos);
        double lo = Math.Log(halos.Mass.Min()) - 1, hi = Math.Log(halos.Mass.Max());
        double logMmin = SyntheticUniverse.Bisect(m => Count(m) - targetCount, lo, hi, decreasing: true, tolerance: tolerance * 1e-3);
        return (Math.Exp(logMmin), Count(logMmin) / targetCount);
    }
}
