using BenchmarkDotNet.Attributes;
using Workflows.Recsys.Data;

namespace Workflows.Recsys.Benchmarks;

/// <summary>
/// Loading Gowalla (810 k interactions) from its LightGCN text files and preparing it, vs reading the compact
/// binary form that workers download.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LoadingBenchmarks
{
    private byte[] _prepared = [];

    [GlobalSetup]
    public void Setup()
    {
        using var buffer = new MemoryStream();
        PreparedDatasetFormat.Write(buffer, GowallaData.Load());
        _prepared = buffer.ToArray();
    }

    [Benchmark(Baseline = true)]
    public int LoadAndPrepareText() => GowallaData.Load().Train.UserCount;

    [Benchmark]
    public int ReadPreparedBinary()
    {
        using var stream = new MemoryStream(_prepared, writable: false);
        return PreparedDatasetFormat.Read(stream).Train.UserCount;
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Report(nameof(LoadingBenchmarks));
}
