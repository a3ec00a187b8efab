using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Spectra;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cosmology.Tests.Spectra;

public class PowerSpectrumTests
{
    private const double Box = 100;
    private static readonly PowerSpectrumOptions Overdensity = new() { InputIsOverdensity = true };

    private static double PowerLaw(double k) => 50 * Math.Pow(k, -1.5);

    [Fact]
    public void Measure_WhiteNoise_IsFlatSigmaSquaredTimesCellVolume()
    {
        const int n = 64;
        const double sigma = 2;
        var field = new VoxelGrid(GridShape.Cube(n));
        new RandomSampler(11).FillNormal(field.Data);
        foreach (ref float v in field.Data.AsSpan()) v *= (float)sigma;

        var result = PowerSpectrum.Measure(field, Box, Overdensity);

        double expected = sigma * sigma * Math.Pow(Box / n, 3);
        for (int i = 0; i < result.ShellCount; i++)
            Assert.InRange(result.Power[i], expected * (1 - 5 * Math.Sqrt(2.0 / result.ModeCount[i])), expected * (1 + 5 * Math.Sqrt(2.0 / result.ModeCount[i])));
        double weighted = result.Power.Zip(result.ModeCount, (p, m) => p * m).Sum() / result.ModeCount.Sum();
        Assert.Equal(1.0, weighted / expected, 0.015);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Measure_ModeCountsAndMeanK_MatchABruteForceCountOverTheFullGrid(int n)
    {
        var field = new VoxelGrid(GridShape.Cube(n));
        new RandomSampler(1).FillNormal(field.Data);
        var result = PowerSpectrum.Measure(field, Box, Overdensity);

        var count = new long[n / 2];
        var sumNorm = new double[n / 2];
        for (int x = -n / 2; x < n / 2; x++)
            for (int y = -n / 2; y < n / 2; y++)
                for (int z = -n / 2; z < n / 2; z++)
                {
                    int n2 = x * x + y * y + z * z;
                    int shell = (int)Math.Floor(Math.Sqrt(n2));
                    if (n2 == 0 || shell >= n / 2) continue;
                    count[shell]++;
                    sumNorm[shell] += Math.Sqrt(n2);
                }
        Assert.Equal(count[1..], result.ModeCount);
        Assert.Equal(26, result.ModeCount[0]);
        for (int m = 1; m < n / 2; m++)
            Assert.Equal(result.FundamentalK * sumNorm[m] / count[m], result.K[m - 1], 10);
        Assert.Equal(result.FundamentalK * (6 + 12 * Math.Sqrt(2) + 8 * Math.Sqrt(3)) / 26, result.K[0], 12);
    }

    [Fact]
    public void ShellOf_IntegerBinning_EqualsFloat64Binning()
    {
        for (long n2 = 0; n2 <= 3L * 512 * 512; n2++)
            Assert.Equal((long)Math.Floor(Math.Sqrt(n2)), ShellBinning.ShellOf(n2));
    }

    [Fact]
    public void Measure_FixedAmplitudeField_RecoversTheModeAveragedInputExactly()
    {
        const int n = 32;
        var field = GaussianRandomField.Generate(n, Box, PowerLaw, seed: 5, fixedAmplitude: true);
        var result = PowerSpectrum.Measure(field, Box, Overdensity);

        double kf = 2 * Math.PI / Box;
        var sum = new double[n / 2];
        var count = new long[n / 2];
        for (int x = -n / 2; x < n / 2; x++)
            for (int y = -n / 2; y < n / 2; y++)
                for (int z = -n / 2; z < n / 2; z++)
                {
                    int n2 = x * x + y * y + z * z;
                    int shell = (int)Math.Floor(Math.Sqrt(n2));
                    if (n2 == 0 || shell >= n / 2) continue;
                    sum[shell] += PowerLaw(kf * Math.Sqrt(n2));
                    count[shell]++;
                }
        for (int m = 1; m < n / 2; m++)
            Assert.Equal(1.0, result.Power[m - 1] / (sum[m] / count[m]), 4);
    }

    [Fact]
    public void Measure_GaussianRandomFields_RecoverInputWithinCosmicVariance()
    {
        const int n = 64, realisations = 8;
        double chi2 = 0;
        int dof = 0;
        for (int seed = 0; seed < realisations; seed++)
        {
            var result = PowerSpectrum.Measure(GaussianRandomField.Generate(n, Box, PowerLaw, seed), Box, Overdensity);
            for (int i = 0; i < result.ShellCount; i++)
            {
                double expected = PowerLaw(result.K[i]);
                double sigma = expected * Math.Sqrt(2.0 / result.ModeCount[i]);
                chi2 += Math.Pow((result.Power[i] - expected) / sigma, 2);
                dof++;
            }
        }
        Assert.InRange(chi2 / dof, 0.7, 1.3);
    }

    [Fact]
    public void Measure_PoissonPointsOnNgp_IsFlatOneOverNumberDensity()
    {
        const int n = 32, particles = 200_000;
        var sampler = new RandomSampler(3);
        var xyz = new float[3 * particles];
        for (int i = 0; i < xyz.Length; i++) xyz[i] = (float)(sampler.Uniform() * Box);
        var grid = ParticleGridding.Assign(xyz, Box, n, MassAssignment.NearestGridPoint);

        var result = PowerSpectrum.Measure(grid, Box);

        double expected = Math.Pow(Box, 3) / particles;
        Assert.Equal(expected, result.ShotNoise, 6);
        double weighted = result.Power.Zip(result.ModeCount, (p, m) => p * m).Sum() / result.ModeCount.Sum();
        Assert.Equal(1.0, weighted / expected, 0.02);
        for (int i = 0; i < result.ShellCount; i++)
            Assert.InRange(result.Power[i] / expected, 1 - 5 * Math.Sqrt(2.0 / result.ModeCount[i]), 1 + 5 * Math.Sqrt(2.0 / result.ModeCount[i]));
    }

    [Fact]
    public void Measure_SameParticlesAt64And128_AgreeWithin2PercentAfterNgpDeconvolution()
    {
        // Clustered, densely sampled particles: a log-normal field on a 128³ grid, ~6 particles per fine cell.
        var gaussian = GaussianRandomField.Generate(128, Box, k => 400 * Math.Pow(k, -2) * Math.Exp(-k * k / 2), seed: 9);
        double variance = gaussian.Data.Average(v => (double)v * v);
        var meanCounts = new VoxelGrid(gaussian.Shape, gaussian.Data.Select(d => (float)(6 * Math.Exp(d - variance / 2))).ToArray());
        var xyz = ParticleSampling.FromMeanCounts(meanCounts, Box, seed: 10);
        var coarse = ParticleGridding.Assign(xyz, Box, 64, MassAssignment.NearestGridPoint);
        var fine = ParticleGridding.Assign(xyz, Box, 128, MassAssignment.NearestGridPoint);

        var deconvolve = new PowerSpectrumOptions { DeconvolveWindow = MassAssignment.NearestGridPoint };
        var p64 = PowerSpectrum.Measure(coarse, Box, deconvolve);
        var p128 = PowerSpectrum.Measure(fine, Box, deconvolve);
        var raw64 = PowerSpectrum.Measure(coarse, Box);
        var raw128 = PowerSpectrum.Measure(fine, Box);

        double kLimit = p64.NyquistK / 4;
        var shells = Enumerable.Range(0, p64.ShellCount).Where(i => p64.K[i] < kLimit).ToArray();
        Assert.Equal(7, shells.Length);
        Assert.All(shells, i => Assert.True(p64.ShotNoise < 0.01 * p64.Power[i], $"shot noise not negligible in shell {i + 1}"));
        Assert.All(shells, i => Assert.InRange(p64.Power[i] / p128.Power[i], 0.98, 1.02));
        // Without deconvolution the coarse grid loses power near the limit: the trap this test guards.
        Assert.True(raw64.Power[shells[^1]] / raw128.Power[shells[^1]] < 0.98);
    }

    [Fact]
    public void Measure_ConstantAddedToOverdensity_DoesNotLeakIntoTheFirstShell()
    {
        var field = GaussianRandomField.Generate(32, Box, PowerLaw, seed: 4);
        var shifted = new VoxelGrid(field.Shape, field.Data.Select(v => v + 100f).ToArray());
        var a = PowerSpectrum.Measure(field, Box, Overdensity);
        var b = PowerSpectrum.Measure(shifted, Box, Overdensity);
        Assert.Equal(a.Power[0], b.Power[0], a.Power[0] * 1e-3);
    }

    [Fact]
    public void Measure_NonPeriodicCutOut_OnlyInPaperModeWithBinCentres()
    {
        var field = TestGrids.Random(GridShape.Cube(16), seed: 2);
        Assert.Throws<ArgumentException>(() => PowerSpectrum.Measure(field, Box, new PowerSpectrumOptions { Periodic = false }));
        var paper = PowerSpectrum.Measure(field, Box, PowerSpectrumOptions.PaperCompatible);
        Assert.True(paper.PaperMode);
        Assert.Equal(1.5 * paper.FundamentalK, paper.K[0], 12);
    }

    [Fact]
    public void MeasureCross_FieldWithItself_HasUnitCorrelationAndTransfer_AndNoiseLowersCorrelation()
    {
        var field = GaussianRandomField.Generate(32, Box, PowerLaw, seed: 6);
        var same = PowerSpectrum.MeasureCross(field, field, Box, Overdensity);
        Assert.All(same.CrossCorrelation, r => Assert.Equal(1.0, r, 5));
        Assert.All(same.Transfer, t => Assert.Equal(1.0, t, 10));

        var noise = new VoxelGrid(field.Shape);
        new RandomSampler(7).FillNormal(noise.Data);
        var noisy = new VoxelGrid(field.Shape, field.Data.Zip(noise.Data, (a, b) => a + b).ToArray());
        var mixed = PowerSpectrum.MeasureCross(noisy, field, Box, Overdensity);
        Assert.True(mixed.CrossCorrelation[^1] < 0.9);
        Assert.True(SpectrumErrors.MeanRelativeError(mixed.A, mixed.B) > 0.1);
        Assert.Equal(0.0, SpectrumErrors.MeanRelativeErrorHalfNyquist(same.A, same.B), 12);
    }
}
