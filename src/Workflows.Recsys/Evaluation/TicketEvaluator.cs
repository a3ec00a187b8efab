using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Rounds;
using Workflows.Torch;
using Workflows.Torch.Npy;
using static TorchSharp.torch;

namespace Workflows.Recsys.Evaluation;

/// <summary>
/// Evaluates a trained ticket (a round's <see cref="RoundArtifact.Weights"/>, pruned entries 0) on another prepared
/// dataset's test split: the champion's side of a nightly champion/challenger comparison, scored exactly as a round
/// scores its own selected checkpoint (test, excluding train and validation items).
/// </summary>
public static class TicketEvaluator
{
    /// <exception cref="InvalidDataException">The weights do not fit the dataset's table ([users + items, embedding size]).</exception>
    public static RankingMetrics EvaluateTest(PreparedDataset dataset, RoundSpec spec, NpyArray weights, Device device)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        long[] shape = [dataset.UserCount + dataset.ItemCount, spec.EmbeddingSize];
        if (!weights.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"The ticket's weights have shape [{string.Join(", ", weights.Shape)}]; dataset '{dataset.Name}' needs [{string.Join(", ", shape)}] (users + items, embedding size).");
        }

        using var model = RecommenderModel.Create(spec.Backbone, dataset.Train, spec.Layers, device, spec.SpMM);
        using var noGrad = no_grad();
        using var table = NpyTensors.ToTensor(weights, device);
        using var final = model.Propagate(table);
        return RankingEvaluator.Evaluate(final, dataset.Test, [dataset.Train, dataset.Validation], spec.Training.ReportedKs, spec.Training.EvaluationUserBatchSize);
    }
}
