using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Cosmology.Training;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Tests.Training;

public class CascadeTrainingTests
{
    private static TrainingData Data(int seed, double occupancy = 0.01, int size = 32)
    {
        var universe = SyntheticUniverse.Generate(new UniverseSpec { GridSize = size, Seed = seed, TargetOccupancy = occupancy });
        var lattice = new TileLattice(universe.DarkMatter.Shape, new TilingSpec(8));
        return new TrainingData(universe.DarkMatter, universe.Galaxies, RegionSplit.Blocked(lattice));
    }

    private static readonly TrainingOptions Quick = new()
    {
        ClassifierEpochs = 1, RegressorEpochs = 1, BatchSize = 8, LearningRate = 1e-2, Seed = 3,
    };

    [Fact]
    public void Classifier_OnSparseTarget_BeatsTheConstantPredictorAndThePrior()
    {
        // The method's sanity case: 0.5 % occupancy, where a constant predictor already scores a low weighted loss.
        var data = Data(seed: 1, occupancy: 0.005);
        var options = Quick with { ClassifierEpochs = 6, RegressorEpochs = 0 };
        using var training = CascadeTraining.Start(ModelConfig.Cpu, options, data, CPU);
        training.Run();

        var validation = data.Split.Regions(SplitRole.Validation);
        double occupancy = OccupancyMetrics.Confusion(data.Galaxies, data.Galaxies, validation).Occupancy;
        double constantLoss = CascadeLosses.ConstantPredictorLoss(occupancy, options.NonEmptyClassWeight);
        double bestLoss = training.State.History.Min(r => r.ValidationLoss);
        Assert.True(bestLoss < 0.8 * constantLoss, $"validation loss {bestLoss:F3} vs constant predictor {constantLoss:F3}");
        Assert.True(bestLoss < Math.Log(2));

        var test = data.Split.Regions(SplitRole.Test);
        var confusion = OccupancyMetrics.Confusion(training.Model.Predict(data.DarkMatter), data.Galaxies, test);
        Assert.True(confusion.Recall > confusion.Occupancy, $"recall {confusion.Recall:F3} vs prior {confusion.Occupancy:F3}");
        Assert.True(confusion.F1 > 2 * confusion.Occupancy, $"F1 {confusion.F1:F3} vs prior {confusion.Occupancy:F3}");
    }

    [Fact]
    public void RegressorPhase_FrozenClassifier_KeepsItsWeightsAndBatchNormStatistics()
    {
        var data = Data(seed: 2);
        using var training = CascadeTraining.Start(ModelConfig.HaloExact, Quick, data, CPU);
        training.RunEpoch();
        Assert.Equal(TrainingPhase.Regressor, training.State.Phase);
        var classifierBefore = training.Model.Classifier.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var regressorBefore = training.Model.Regressor.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        training.RunEpoch();

        Assert.True(training.IsComplete);
        Assert.Contains(classifierBefore.Keys, k => k.EndsWith("running_mean"));
        foreach (var (name, value) in training.Model.Classifier.state_dict())
            Assert.True(value.eq(classifierBefore[name]).all().item<bool>(), $"classifier {name} changed");
        Assert.Contains(training.Model.Regressor.state_dict(), kv => kv.Value.dtype == ScalarType.Float32 && !kv.Value.eq(regressorBefore[kv.Key]).all().item<bool>());
    }

    [Fact]
    public void Start_Normalisation_ComesFromTheTrainingRegionOnly()
    {
        var data = Data(seed: 3);
        var options = Quick with { ClassifierEpochs = 0, RegressorEpochs = 0 };
        InputNormalisation NormalisationOf(VoxelGrid dm)
        {
            using var training = CascadeTraining.Start(ModelConfig.HaloExact, options, data with { DarkMatter = dm }, CPU);
            return training.Model.Normalisation;
        }
        var original = NormalisationOf(data.DarkMatter);

        var changedOutside = new VoxelGrid(data.DarkMatter.Shape, (float[])data.DarkMatter.Data.Clone());
        foreach (var region in data.Split.Regions(SplitRole.Test).Concat(data.Split.Regions(SplitRole.Validation)))
            changedOutside.Paste(new VoxelGrid(new GridShape(8, 8, 8), Enumerable.Repeat(1000f, 512).ToArray()), region.Origin);
        Assert.Equal(original, NormalisationOf(changedOutside));

        var changedInside = new VoxelGrid(data.DarkMatter.Shape, (float[])data.DarkMatter.Data.Clone());
        changedInside.Paste(new VoxelGrid(new GridShape(8, 8, 8), Enumerable.Repeat(1000f, 512).ToArray()), data.Split.Regions(SplitRole.Train)[0].Origin);
        Assert.NotEqual(original, NormalisationOf(changedInside));
    }

    [Fact]
    public void Resume_FromCheckpointMidTraining_EndsExactlyAsAnUninterruptedRun()
    {
        var data = Data(seed: 4);
        var options = Quick with { ClassifierEpochs = 2, RegressorEpochs = 2 };
        using var straight = CascadeTraining.Start(ModelConfig.HaloExact, options, data, CPU);
        straight.Run();

        var checkpoint = new MemoryStream();
        using (var first = CascadeTraining.Start(ModelConfig.HaloExact, options, data, CPU))
        {
            first.RunEpoch();
            first.RunEpoch();
            first.RunEpoch();
            first.SaveCheckpoint(checkpoint);
        }
        checkpoint.Position = 0;
        using var resumed = CascadeTraining.Resume(checkpoint, data, CPU);
        Assert.Equal(TrainingPhase.Regressor, resumed.State.Phase);
        resumed.Run();

        Assert.Equal(straight.State.History, resumed.State.History);
        Assert.Equal(straight.Model.Predict(data.DarkMatter).Data, resumed.Model.Predict(data.DarkMatter).Data);
    }

    /// <summary>Right after a phase ends its best loss is +∞ (nothing validated yet): the checkpoint must still round-trip.</summary>
    [Fact]
    public void Checkpoint_AtAPhaseBoundary_ResumesIntoTheNextPhaseWithNoBestLossYet()
    {
        var data = Data(seed: 4);
        var options = Quick with { ClassifierEpochs = 1, RegressorEpochs = 1 };
        var checkpoint = new MemoryStream();
        using (var first = CascadeTraining.Start(ModelConfig.HaloExact, options, data, CPU))
        {
            first.RunEpoch();
            first.SaveCheckpoint(checkpoint);
        }

        checkpoint.Position = 0;
        using var resumed = CascadeTraining.Resume(checkpoint, data, CPU);
        Assert.Equal((TrainingPhase.Regressor, 0, double.PositiveInfinity), (resumed.State.Phase, resumed.State.Epoch, resumed.State.BestValidationLoss));
        resumed.Run();
        Assert.Equal(2, resumed.State.History.Count);
    }

    [Fact]
    public void Run_ReportsEachEpochAndStopsWhenCancelledBetweenEpochs()
    {
        var data = Data(seed: 5);
        using var training = CascadeTraining.Start(ModelConfig.HaloExact, Quick with { ClassifierEpochs = 3 }, data, CPU);
        using var cancellation = new CancellationTokenSource();
        var reports = new List<EpochReport>();
        Assert.Throws<OperationCanceledException>(() => training.Run(report =>
        {
            reports.Add(report);
            if (reports.Count == 2) cancellation.Cancel();
        }, cancellation.Token));
        Assert.Equal([0, 1], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(TrainingPhase.Classifier, r.Phase));
        Assert.Equal(2, training.State.Epoch);
        Assert.True(reports[0].IsBest);
    }
}
