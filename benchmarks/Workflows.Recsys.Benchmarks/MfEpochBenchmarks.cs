using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Rounds;
using Workflows.Recsys.Training;
using static TorchSharp.torch;

namespace Workflows.Recsys.Benchmarks;

/// <summary>One MF training epoch on Gowalla (d = 64, batch 2048, masked Adam) through the round trainer; prints the peak working set.</summary>
[SimpleJob(launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class MfEpochBenchmarks
{
    private RoundTrainer _trainer = null!;
    private TrainingState _state = null!;
    private BprSampler _sampler = null!;
    private Tensor _mask = null!;
    private int _epoch;

    [GlobalSetup]
    public void Setup()
    {
        var dataset = GowallaData.Load();
        var spec = new RoundSpec { Backbone = Backbone.Mf, Strategy = PruningStrategy.Imp, Round = 0, EmbeddingSize = 64 };
        var rows = dataset.UserCount + dataset.ItemCount;
        _mask = ones(rows, 64);
        _trainer = new RoundTrainer(dataset, RecommenderModel.Create(Backbone.Mf, dataset.Train, 0, CPU), spec, _mask, new RoundExecutionOptions(), NullLogger.Instance);
        _state = new TrainingState(randn(rows, 64) * 0.1, spec.Training.LearningRate);
        _sampler = new BprSampler(dataset.Train, 1);
    }

    [Benchmark]
    public double MfEpoch() => _trainer.TrainEpoch(_state, _sampler, _epoch++, CPU);

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Report(nameof(MfEpochBenchmarks));
}
