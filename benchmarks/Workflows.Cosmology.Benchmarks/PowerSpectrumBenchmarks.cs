using BenchmarkDotNet.Attributes;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Spectra;
using Workflows.Cosmology.Synthetic;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Benchmarks;

/// <summary>P(k) of a 256³ float32 field beside the bare real FFT of the same field: the ratio is the estimator's overhead.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PowerSpectrumBenchmarks
{
    private const int GridSize = 256;
    private const double BoxSize = 256;
    private VoxelGrid _field = null!;
    private Tensor _tensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _field = GaussianRandomField.Generate(GridSize, BoxSize, k => 1 / k, seed: 1);
        _tensor = tensor(_field.Data, [GridSize, GridSize, GridSize]);
    }

    [Benchmark(Baseline = true)]
    public long RawRealFft()
    {
        using var transform = fft.rfftn(_tensor);
        return transform.shape[2];
    }

    [Benchmark]
    public int PowerSpectrum256() => PowerSpectrum.Measure(_field, BoxSize).ShellCount;

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Report(nameof(PowerSpectrumBenchmarks));
}
