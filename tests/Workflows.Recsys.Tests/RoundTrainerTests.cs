using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Recsys.Data;
using Workflows.Recsys.Evaluation;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Rounds;
using Workflows.Recsys.Training;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class RoundTrainerTests
{
    [Fact]
    public void Evaluate_OnTest_MasksValidationItemsAsWellAsTrainItems()
    {
        // One user, three items, d = 1: score(item) = 1 × its embedding, so the ranking is i0 (3) > i1 (2) > i2 (1).
        // i0 is train, i1 validation, i2 test: only masking both puts the test item at the top.
        var matrix = (int item) => InteractionMatrix.FromPairs(1, 3, [0], [item]);
        var dataset = new PreparedDataset("tiny", IdMap.Sequential(1), IdMap.Sequential(3), matrix(0), matrix(1), matrix(2), new PreparationReport(0, 0, 1));
        var spec = new RoundSpec { Backbone = Backbone.Mf, Strategy = PruningStrategy.Imp, Round = 0, EmbeddingSize = 1 };
        using var model = RecommenderModel.Create(Backbone.Mf, dataset.Train, layers: 0, CPU);
        using var mask = ones(4, 1);
        using var weights = tensor(new float[] { 1, 3, 2, 1 }, [4, 1]);
        var trainer = new RoundTrainer(dataset, model, spec, mask, new RoundExecutionOptions(), NullLogger.Instance);

        var test = trainer.Evaluate(weights, SelectionSplit.Test, [1]).At(1);
        var validation = trainer.Evaluate(weights, SelectionSplit.Validation, [1]).At(1);
        var testWithValidationUnmasked = RankingEvaluator.Evaluate(weights, dataset.Test, [dataset.Train], [1]).At(1);

        Assert.Equal(1.0, test.Recall);
        Assert.Equal(1.0, test.Ndcg);
        Assert.Equal(1.0, validation.Recall);
        Assert.Equal(0.0, testWithValidationUnmasked.Recall);
    }
}
