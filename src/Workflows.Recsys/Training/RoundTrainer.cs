using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Workflows.Recsys.Data;
using Workflows.Recsys.Evaluation;
using Workflows.Recsys.Models;
using Workflows.Recsys.Rounds;
using static TorchSharp.torch;

namespace Workflows.Recsys.Training;

/// <summary>
/// The one training loop: BPR batches with masked Adam, evaluation of the selection split every few epochs, early
/// stopping, optional rewind capture, checkpoints and a progress callback after every epoch.
/// </summary>
internal sealed class RoundTrainer(
    PreparedDataset dataset, RecommenderModel model, RoundSpec spec, Tensor mask, RoundExecutionOptions execution, ILogger logger)
{
    private readonly TrainingOptions _options = spec.Training;

    /// <summary>Trains <paramref name="state"/> until early stop or the epoch limit; returns the first epoch this call trained, if it resumed.</summary>
    public async Task TrainAsync(TrainingState state, string fingerprint, bool captureRewind, CancellationToken cancellationToken)
    {
        var sampler = new BprSampler(dataset.Train, spec.SamplerSeed);
        var device = state.Weights.device;
        var stopwatch = Stopwatch.StartNew();
        if (captureRewind && spec.RewindEpoch == 0 && state.RewindWeights is null)
        {
            state.RewindWeights = state.Weights.detach().clone();
        }

        while (state.NextEpoch < _options.MaxEpochs && state.EvaluationsWithoutImprovement < _options.Patience)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epoch = state.NextEpoch;
            var loss = TrainEpoch(state, sampler, epoch, device);
            if (captureRewind && spec.RewindEpoch == epoch + 1)
            {
                state.RewindWeights = state.Weights.detach().clone();
            }

            double? recall = null;
            if ((epoch + 1) % _options.EvaluateEvery == 0 || epoch + 1 == _options.MaxEpochs)
            {
                recall = EvaluateSelection(state.Weights);
                if (recall > state.BestRecall)
                {
                    state.BestWeights?.Dispose();
                    state.BestWeights = state.Weights.detach().clone();
                    state.BestRecall = recall.Value;
                    state.BestEpoch = epoch;
                    state.EvaluationsWithoutImprovement = 0;
                }
                else
                {
                    state.EvaluationsWithoutImprovement++;
                }
            }

            state.History.Add(new EpochRecord(epoch, loss, recall));
            state.NextEpoch = epoch + 1;
            var stopping = state.NextEpoch >= _options.MaxEpochs || state.EvaluationsWithoutImprovement >= _options.Patience;
            if (execution.Checkpoints is { } store && (state.NextEpoch % execution.CheckpointEveryEpochs == 0 || stopping))
            {
                using var buffer = new MemoryStream();
                state.Save(buffer, fingerprint);
                buffer.Position = 0;
                await store.SaveAsync(state.NextEpoch, buffer, cancellationToken).ConfigureAwait(false);
            }

            logger.LogDebug("Round {Round} epoch {Epoch}: loss {Loss:F5}, selection recall {Recall}", spec.Round, epoch, loss, recall);
            if (execution.OnEpochCompleted is { } onEpoch)
            {
                await onEpoch(new EpochProgress(spec.Round, epoch, _options.MaxEpochs, loss, recall, state.BestRecall, state.BestEpoch, stopwatch.Elapsed), cancellationToken).ConfigureAwait(false);
            }
        }

        if (captureRewind && state.RewindWeights is null)
        {
            throw new InvalidOperationException($"RewindEpoch {spec.RewindEpoch} was never reached: training stopped after {state.NextEpoch} epochs.");
        }
    }

    /// <summary>Final embeddings of <paramref name="weights"/> under the mask, without gradient.</summary>
    public Tensor FinalEmbeddings(Tensor weights)
    {
        using var noGrad = no_grad();
        using var layer0 = weights.detach() * mask;
        return model.Propagate(layer0).detach();
    }

    /// <summary>Metrics of <paramref name="weights"/> on validation (excluding train) or test (excluding train and validation).</summary>
    public RankingMetrics Evaluate(Tensor weights, SelectionSplit split, IReadOnlyList<int> ks)
    {
        using var final = FinalEmbeddings(weights);
        return split == SelectionSplit.Validation
            ? RankingEvaluator.Evaluate(final, dataset.Validation, [dataset.Train], ks, _options.EvaluationUserBatchSize)
            : RankingEvaluator.Evaluate(final, dataset.Test, [dataset.Train, dataset.Validation], ks, _options.EvaluationUserBatchSize);
    }

    private double EvaluateSelection(Tensor weights) =>
        Evaluate(weights, _options.Selection, [_options.SelectionK]).At(_options.SelectionK).Recall;

    internal double TrainEpoch(TrainingState state, BprSampler sampler, int epoch, Device device)
    {
        var batches = sampler.SampleEpoch(epoch, _options.BatchSize, Environment.ProcessorCount);
        var userOffset = dataset.UserCount;
        double lossSum = 0;
        foreach (var batch in batches)
        {
            using var scope = NewDisposeScope();
            var users = tensor(batch.Users.Select(u => (long)u).ToArray(), device: device);
            var positives = tensor(batch.Positives.Select(i => (long)(i + userOffset)).ToArray(), device: device);
            var negatives = tensor(batch.Negatives.Select(i => (long)(i + userOffset)).ToArray(), device: device);
            var layer0 = state.Weights * mask;
            var final = model.Propagate(layer0);
            var terms = BprLoss.Compute(final, layer0, users, positives, negatives, _options.L2);
            terms.Total.backward();
            var gradient = state.Weights.grad ?? throw new InvalidOperationException("The loss produced no gradient for the embedding table.");
            state.Optimizer.Step(gradient, mask);
            gradient.zero_();
            lossSum += terms.Total.item<float>();
        }

        return lossSum / batches.Length;
    }
}
