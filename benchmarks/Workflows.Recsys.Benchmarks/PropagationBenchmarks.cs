using BenchmarkDotNet.Attributes;
using Workflows.Recsys.Models;
using static TorchSharp.torch;

namespace Workflows.Recsys.Benchmarks;

/// <summary>LightGCN propagation (3 layers, d = 64) + backward on Gowalla: the custom CSR kernel vs libtorch's sparse COO product.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class PropagationBenchmarks
{
    private RecommenderModel _csr = null!;
    private RecommenderModel _libtorch = null!;
    private Tensor _table = null!;
    private Tensor _outputGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dataset = GowallaData.Load();
        _csr = RecommenderModel.Create(Backbone.LightGcn, dataset.Train, 3, CPU, SpMMBackend.Csr);
        _libtorch = RecommenderModel.Create(Backbone.LightGcn, dataset.Train, 3, CPU, SpMMBackend.Torch);
        manual_seed(1);
        _table = randn(dataset.UserCount + dataset.ItemCount, 64) * 0.1;
        _outputGradient = randn(dataset.UserCount + dataset.ItemCount, 64);
    }

    [Benchmark(Baseline = true)]
    public float LibtorchSparseCoo() => ForwardBackward(_libtorch);

    [Benchmark]
    public float CustomCsr() => ForwardBackward(_csr);

    private float ForwardBackward(RecommenderModel model)
    {
        using var scope = NewDisposeScope();
        var leaf = _table.detach().requires_grad_(true);
        var final = model.Propagate(leaf);
        (final * _outputGradient).sum().backward();
        return leaf.grad!.sum().item<float>();
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Report(nameof(PropagationBenchmarks));
}
