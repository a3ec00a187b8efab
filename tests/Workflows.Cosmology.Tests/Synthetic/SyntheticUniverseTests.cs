using Workflows.Cosmology.Baselines;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Tests.Synthetic;

public class SyntheticUniverseTests
{
    [Fact]
    public void Generate_SameSpec_SameUniverse_OtherSeed_Differs()
    {
        var spec = new UniverseSpec { GridSize = 16, Seed = 1, TargetOccupancy = 0.02 };
        var a = SyntheticUniverse.Generate(spec);
        var b = SyntheticUniverse.Generate(spec);
        var c = SyntheticUniverse.Generate(spec with { Seed = 2 });
        Assert.Equal(a.DarkMatter.Data, b.DarkMatter.Data);
        Assert.Equal(a.Galaxies.Data, b.Galaxies.Data);
        Assert.NotEqual(a.DarkMatter.Data, c.DarkMatter.Data);
    }

    [Fact]
    public void Generate_LocalRule_HasSkewedDarkMatterAndTheTargetOccupancy()
    {
        var u = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 48, Seed = 3 });
        double mean = u.DarkMatter.Data.Average(v => (double)v);
        double variance = u.DarkMatter.Data.Average(v => (v - mean) * (v - mean));
        double skewness = u.DarkMatter.Data.Average(v => Math.Pow(v - mean, 3)) / Math.Pow(variance, 1.5);
        Assert.Equal(8, mean, 0.5);
        Assert.True(skewness > 1, $"skewness {skewness:F2}");
        Assert.Equal(0.005, u.OccupancyPosterior!.Data.Average(p => (double)p), 1e-5);
        double realised = u.Galaxies.Data.Count(g => g > 0) / (double)u.Galaxies.Data.Length;
        Assert.InRange(realised, 0.0035, 0.0065);
    }

    [Fact]
    public void LocalBenchmark_OnLocalRule_RecoversTheKnownRate()
    {
        var u = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 48, Seed = 4, TargetOccupancy = 0.02 });
        var benchmark = LocalMeanOccupancy.Fit(u.DarkMatter, u.Galaxies, [u.DarkMatter.Shape.Whole]);
        var fitted = benchmark.PredictMean(u.DarkMatter);
        var rate = u.ExpectedCounts!;
        double mean = rate.Data.Average(v => (double)v);
        double variance = rate.Data.Average(v => (v - mean) * (v - mean));
        double mse = fitted.Data.Zip(rate.Data, (f, r) => (double)(f - r) * (f - r)).Average();
        Assert.True(mse < 0.1 * variance, $"MSE {mse:E2} vs rate variance {variance:E2}");
        Assert.Equal(u.Galaxies.Sum(), benchmark.PredictCounts(u.DarkMatter, seed: 1).Sum(), u.Galaxies.Sum() * 0.15);
        Assert.Equal(benchmark.PredictCounts(u.DarkMatter, 5).Data, benchmark.PredictCounts(u.DarkMatter, 5).Data);
    }

    [Fact]
    public void FOneCeiling_FromTheKnownPosterior_IsAtLeastTheFixedThresholdScore()
    {
        var u = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 32, Seed = 5, TargetOccupancy = 0.02 });
        var posterior = u.OccupancyPosterior!;
        var (ceiling, threshold) = OccupancyMetrics.BestF1(posterior, u.Galaxies);
        var atHalf = new VoxelGrid(posterior.Shape, posterior.Data.Select(p => p > 0.5f ? 1f : 0f).ToArray());
        var aboveThreshold = new VoxelGrid(posterior.Shape, posterior.Data.Select(p => p >= threshold ? 1f : 0f).ToArray());
        Assert.True(ceiling >= OccupancyMetrics.Confusion(atHalf, u.Galaxies).F1);
        Assert.Equal(ceiling, OccupancyMetrics.Confusion(aboveThreshold, u.Galaxies).F1, 12);
        Assert.InRange(ceiling, 0.05, 0.95);
    }

    [Fact]
    public void Generate_NonLocalRule_SpreadsSatellitesAroundPeaks()
    {
        var u = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 32, Seed = 6, Rule = GalaxyRule.NonLocal, TargetOccupancy = 0.01 });
        double occupancy = u.Galaxies.Data.Count(g => g > 0) / (double)u.Galaxies.Data.Length;
        Assert.InRange(occupancy, 0.005, 0.015);

        // Every galaxy sits where the known posterior allows one (at a peak or within its satellites' cube), and the
        // posterior's expectations match the realisation: mean occupancy and total count.
        var posterior = u.OccupancyPosterior!;
        Assert.All(Enumerable.Range(0, u.Galaxies.Data.Length).Where(i => u.Galaxies.Data[i] > 0), i => Assert.True(posterior.Data[i] > 0, $"a galaxy at voxel {i} has posterior 0"));
        int peaks = posterior.Data.Count(p => p == 1f);
        Assert.Equal(Math.Max(1, (int)(0.01 * 32 * 32 * 32 / 3)), peaks);
        double expectedOccupancy = posterior.Data.Average(p => (double)p);
        Assert.Equal(expectedOccupancy, occupancy, 0.15 * expectedOccupancy);
        double expectedTotal = u.ExpectedCounts!.Sum();
        Assert.Equal(expectedTotal, u.Galaxies.Sum(), 4 * Math.Sqrt(expectedTotal));
    }

    [Fact]
    public void FOneCeiling_NonLocalRule_BeatsThresholdingTheDarkMatterAlone()
    {
        var u = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 32, Seed = 6, Rule = GalaxyRule.NonLocal, TargetOccupancy = 0.01 });

        var (ceiling, _) = OccupancyMetrics.BestF1(u.OccupancyPosterior!, u.Galaxies);
        var (localOnly, _) = OccupancyMetrics.BestF1(u.DarkMatter, u.Galaxies);

        Assert.True(ceiling > localOnly, $"ceiling {ceiling:F3} vs best threshold on dark matter {localOnly:F3}");
    }

    [Fact]
    public void HodMinimumMass_Bisection_RecoversTheMocksMinimumMass()
    {
        var spec = new UniverseSpec { GridSize = 32, Seed = 7, Rule = GalaxyRule.Hod };
        var u = SyntheticUniverse.Generate(spec);
        var halos = u.Halos!;
        double expected = spec.Hod.ExpectedCount(halos);
        var (mmin, ratio) = HodFit.MinimumMassFor(halos, expected, spec.Hod.SatelliteMass, spec.Hod.Alpha, 1e-3);
        // A sharp central step makes the count a step function of Mmin: it can miss by at most the boundary halo's galaxies.
        double boundaryHalo = 1 + Math.Pow(halos.Mass.Where(m => m > mmin).Min() / spec.Hod.SatelliteMass, spec.Hod.Alpha);
        Assert.InRange(ratio, 1 - boundaryHalo / expected, 1 + boundaryHalo / expected);
        // The bisection ends on a plateau edge: at most the boundary halo differs from the mock's selection.
        Assert.InRange(halos.Mass.Count(m => m > mmin) - halos.Mass.Count(m => m > spec.Hod.MinimumMass), 0, 1);
    }

    [Fact]
    public void DatasetWriter_WritesGridsHalosAndParticles_WithTheirRolesAndGeometry()
    {
        var training = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 16, Seed = 8, Rule = GalaxyRule.Hod });
        var target = SyntheticUniverse.Generate(new UniverseSpec { GridSize = 32, BoxSize = 200, Seed = 9, Rule = GalaxyRule.Hod });
        var files = new Dictionary<string, MemoryStream>();
        var written = CosmologyDatasetWriter.Write(training, target, path => files[path] = new MemoryStream(), includeParticles: true);

        Assert.Equal(["dm-train", "galaxies-train", "dm-target", "galaxies-target-truth", "halos", "halos-target", "particles"], written.Files.Select(f => f.Role));
        Assert.Equal(written.Files.Select(f => f.Path).Order(), files.Keys.Order());
        Assert.Equal((100.0, 16, (int?)32, true), (written.BoxSize, written.GridSize, written.TargetGridSize, written.Periodic));
        var dmTarget = NpyGridReader.ReadAll(new MemoryStream(files["dm-target.npy"].ToArray()), "dm-target.npy");
        Assert.Equal(target.DarkMatter.Data, dmTarget.Data);
        var halos = HaloCatalogueFile.Read(new MemoryStream(files["halos-train.h5"].ToArray()), "halos-train.h5");
        Assert.Equal(training.Halos!.Mass, halos.Mass);
        var targetHalos = HaloCatalogueFile.Read(new MemoryStream(files["halos-target.h5"].ToArray()), "halos-target.h5");
        Assert.Equal(target.Halos!.Positions, targetHalos.Positions);
        Assert.Equal(target.Halos.Mass, targetHalos.Mass);
        Assert.Equal(target.Halos.Radius, targetHalos.Radius);
        var xyz = Hdf5Files.ReadPositions(new MemoryStream(files["snapshot-train.h5"].ToArray()), CosmologyDatasetWriter.ParticleSnapshotDataset, "snapshot-train.h5");
        var regridded = ParticleGridding.Assign(xyz, training.Spec.BoxSize, 16, MassAssignment.NearestGridPoint);
        Assert.Equal(training.DarkMatter.Sum(), regridded.Sum(), training.DarkMatter.Sum() * 0.05);
    }
}
