using Workflows.Cosmology.Grids;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Synthetic;

/// <summary>
/// A dark-matter grid and its galaxy counts from a known rule, with what that rule makes known: the expected count
/// and occupancy probability per voxel (local and non-local rules), or the halo catalogue and HOD parameters (HOD
/// rule). Same spec ⇒ same universe.
/// </summary>
public sealed class SyntheticUniverse
{
    private SyntheticUniverse(UniverseSpec spec, VoxelGrid darkMatter, VoxelGrid galaxies, KnownAnswer? answer, HaloCatalogue? halos)
    {
        Spec = spec;
        DarkMatter = darkMatter;
        Galaxies = galaxies;
        ExpectedCounts = answer?.ExpectedCounts;
        OccupancyPosterior = answer?.OccupancyPosterior;
        Halos = halos;
    }

    public UniverseSpec Spec { get; }

    /// <summary>Dark-matter particle counts per voxel.</summary>
    public VoxelGrid DarkMatter { get; }

    public VoxelGrid Galaxies { get; }

    /// <summary>E[N | dark matter] per voxel, the Bayes-optimal regressor; null for the HOD rule.</summary>
    public VoxelGrid? ExpectedCounts { get; }

    /// <summary>P(N > 0 | dark matter) per voxel, the Bayes-optimal occupancy score whose best F1 is the ceiling; null for the HOD rule.</summary>
    public VoxelGrid? OccupancyPosterior { get; }

    public HaloCatalogue? Halos { get; }

    private sealed record KnownAnswer(VoxelGrid ExpectedCounts, VoxelGrid OccupancyPosterior);

    public static SyntheticUniverse Generate(UniverseSpec spec, Device? device = null)
    {
        var density = LogNormalDensity(spec, device);
        var sampler = new RandomSampler(spec.Seed * 7919 + 1);
        var darkMatter = new VoxelGrid(density.Shape, density.Data.Select(d => (float)sampler.Poisson(spec.MeanParticlesPerVoxel * d)).ToArray());
        return spec.Rule switch
        {
            GalaxyRule.Local => WithLocalRule(spec, darkMatter, sampler),
            GalaxyRule.NonLocal => WithNonLocalRule(spec, darkMatter, sampler),
            _ => WithHod(spec, darkMatter, sampler),
        };
    }

    /// <summary>ρ = exp(δ_G − σ²/2), mean 1, from a Gaussian field with P ∝ k^−1 exp(−(kR)²) scaled to σ.</summary>
    private static VoxelGrid LogNormalDensity(UniverseSpec spec, Device? device)
    {
        double r = spec.SmoothingLength;
        var gaussian = GaussianRandomField.Generate(spec.GridSize, spec.BoxSize, k => Math.Exp(-k * k * r * r) / k, spec.Seed, device: device);
        double variance = gaussian.Data.Average(v => (double)v * v);
        double scale = spec.DensitySigma / Math.Sqrt(variance);
        double s2 = spec.DensitySigma * spec.DensitySigma;
        return new VoxelGrid(gaussian.Shape, gaussian.Data.Select(g => (float)Math.Exp(g * scale - s2 / 2)).ToArray());
    }

    private static SyntheticUniverse WithLocalRule(UniverseSpec spec, VoxelGrid darkMatter, RandomSampler sampler)
    {
        double threshold = Bisect(t => MeanOccupancy(darkMatter, spec, t) - spec.TargetOccupancy, 0, darkMatter.Data.Max(), decreasing: true);
        var rate = new VoxelGrid(darkMatter.Shape, darkMatter.Data.Select(d => (float)LocalRate(d, spec, threshold)).ToArray());
        var galaxies = new VoxelGrid(rate.Shape, rate.Data.Select(l => (float)sampler.Poisson(l)).ToArray());
        var posterior = new VoxelGrid(rate.Shape, rate.Data.Select(l => (float)-double.ExpM1(-l)).ToArray());
        return new SyntheticUniverse(spec, darkMatter, galaxies, new KnownAnswer(rate, posterior), null);
    }

    private static double LocalRate(double density, UniverseSpec spec, double threshold) =>
        density > threshold ? spec.LocalAmplitude * (Math.Pow(density / threshold, spec.LocalExponent) - 1) : 0;

    private static double MeanOccupancy(VoxelGrid darkMatter, UniverseSpec spec, double threshold) =>
        darkMatter.Data.Average(d => -double.ExpM1(-LocalRate(d, spec, threshold)));

    /// <remarks>
    /// Each peak holds one central and Poisson(λ_p) satellites placed uniformly in the (2s+1)³ cube around it, so by
    /// Poisson thinning a voxel receives Poisson(Σ_p λ_p / (2s+1)³) satellites from the peaks whose cubes cover it: the
    /// expected count is 1[peak] + that sum, and the occupancy posterior is 1 at peaks and 1 − e^−sum elsewhere.
    /// </remarks>
    private static SyntheticUniverse WithNonLocalRule(UniverseSpec spec, VoxelGrid darkMatter, RandomSampler sampler)
    {
        int n = spec.GridSize, spread = spec.SatelliteSpread;
        int peakCount = Math.Max(1, (int)(spec.TargetOccupancy * darkMatter.Shape.VoxelCount / (1 + spec.SatellitesPerPeak)));
        var peaks = DensityPeaks.Find(darkMatter, peakCount);
        var galaxies = new VoxelGrid(darkMatter.Shape);
        var satelliteRate = new VoxelGrid(darkMatter.Shape);
        var isPeak = new VoxelGrid(darkMatter.Shape);
        double meanHeight = peaks.Average(p => p.Height);
        int side = 2 * spread + 1;
        foreach (var (voxel, height) in peaks)
        {
            galaxies[voxel.X, voxel.Y, voxel.Z] += 1;
            isPeak[voxel.X, voxel.Y, voxel.Z] = 1;
            double satelliteMean = spec.SatellitesPerPeak * height / meanHeight;
            int satellites = sampler.Poisson(satelliteMean);
            for (int s = 0; s < satellites; s++)
            {
                int dx = sampler.Next(side) - spread, dy = sampler.Next(side) - spread, dz = sampler.Next(side) - spread;
                galaxies[Wrap(voxel.X + dx, n), Wrap(voxel.Y + dy, n), Wrap(voxel.Z + dz, n)] += 1;
            }

            float perVoxel = (float)(satelliteMean / (side * side * side));
            for (int dx = -spread; dx <= spread; dx++)
                for (int dy = -spread; dy <= spread; dy++)
                    for (int dz = -spread; dz <= spread; dz++)
                        satelliteRate[Wrap(voxel.X + dx, n), Wrap(voxel.Y + dy, n), Wrap(voxel.Z + dz, n)] += perVoxel;
        }

        var expected = new VoxelGrid(darkMatter.Shape, isPeak.Data.Zip(satelliteRate.Data, (peak, rate) => peak + rate).ToArray());
        var posterior = new VoxelGrid(darkMatter.Shape, isPeak.Data.Zip(satelliteRate.Data, (peak, rate) => peak > 0 ? 1f : (float)-double.ExpM1(-rate)).ToArray());
        return new SyntheticUniverse(spec, darkMatter, galaxies, new KnownAnswer(expected, posterior), null);
    }

    private static SyntheticUniverse WithHod(UniverseSpec spec, VoxelGrid darkMatter, RandomSampler sampler)
    {
        double cell = spec.BoxSize / spec.GridSize;
        double expectedPerHalo = 2;
        int haloCount = Math.Max(1, (int)(spec.TargetOccupancy * darkMatter.Shape.VoxelCount * 4 / expectedPerHalo));
        var peaks = DensityPeaks.Find(darkMatter, haloCount);
        // Power-law mass function dn/dM ∝ M^−2 by inverse CDF; the largest masses go to the highest peaks.
        double lo = 1 / spec.MinimumHaloMass, hi = 1 / spec.MaximumHaloMass;
        var masses = Enumerable.Range(0, peaks.Count).Select(_ => 1 / (lo + sampler.Uniform() * (hi - lo))).OrderDescending().ToArray();
        var positions = new float[3 * peaks.Count];
        var radii = new double[peaks.Count];
        for (int h = 0; h < peaks.Count; h++)
        {
            var v = peaks[h].Voxel;
            positions[3 * h] = (float)((v.X + sampler.Uniform()) * cell);
            positions[3 * h + 1] = (float)((v.Y + sampler.Uniform()) * cell);
            positions[3 * h + 2] = (float)((v.Z + sampler.Uniform()) * cell);
            radii[h] = 0.2 * Math.Cbrt(masses[h] / 1e12);
        }
        var halos = new HaloCatalogue(positions, masses, radii);
        var xyz = spec.Hod.Populate(halos, spec.BoxSize, spec.Seed * 31 + 7);
        var galaxies = ParticleGridding.Assign(xyz, spec.BoxSize, spec.GridSize, MassAssignment.NearestGridPoint);
        return new SyntheticUniverse(spec, darkMatter, galaxies, null, halos);
    }

    internal static double Bisect(Func<double, double> f, double lo, double hi, bool decreasing, double tolerance = 1e-6)
    {
        for (int i = 0; i < 200 && hi - lo > tolerance * Math.Max(1, Math.Abs(hi)); i++)
        {
            double mid = 0.5 * (lo + hi);
            bool above = f(mid) > 0;
            if (above == decreasing) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    private static int Wrap(int i, int n) => ((i % n) + n) % n;
}
