using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Rounds;
using ContractStrategies = Workflows.Contracts.PruningStrategies;

namespace Workflows.Jobs.Recsys;

/// <summary>Translates the orchestration's <see cref="TrainRoundParameters"/> into the engine's <see cref="RoundSpec"/>.</summary>
public static class TrainRoundSpecs
{
    /// <summary>Recall@K that selects the best epoch and decides the search (the method's Recall@20).</summary>
    public const int SelectionK = 20;

    /// <exception cref="ContractValidationException">A name (backbone, strategy, init, selection) is unknown.</exception>
    public static RoundSpec ToRoundSpec(TrainRoundParameters parameters, string jobId)
    {
        var errors = new List<ValidationError>();
        var backbone = Parse(errors, "backbone", parameters.Backbone, new Dictionary<string, Backbone>
        {
            [Contracts.Recsys.Backbones.MatrixFactorization] = Backbone.Mf,
            [Contracts.Recsys.Backbones.LightGcn] = Backbone.LightGcn,
        });
        // Round 0 is the dense model every strategy shares; the engine only reads the strategy from round 1 on.
        var strategy = Parse(errors, "strategy", parameters.Strategy ?? ContractStrategies.Imp, new Dictionary<string, PruningStrategy>
        {
            [ContractStrategies.Imp] = PruningStrategy.Imp,
            [ContractStrategies.ImpNoRewind] = PruningStrategy.ImpNoRewind,
            [ContractStrategies.OneShot] = PruningStrategy.Omp,
            [ContractStrategies.Random] = PruningStrategy.Random,
        });
        var init = Parse(errors, "training.init", parameters.Training.Init, new Dictionary<string, EmbeddingInit>
        {
            ["xavier"] = EmbeddingInit.Xavier,
            ["normal-0.1"] = EmbeddingInit.Normal01,
            ["normal-1"] = EmbeddingInit.Normal1,
        });
        var selection = Parse(errors, "training.selection", parameters.Training.Selection, new Dictionary<string, SelectionSplit>
        {
            ["validation"] = SelectionSplit.Validation,
            ["test"] = SelectionSplit.Test,
        });
        if (errors.Count > 0)
        {
            throw new ContractValidationException($"job {jobId} parameters", errors);
        }

        var training = parameters.Training;
        bool random = strategy == PruningStrategy.Random && parameters.Round > 0;
        return new RoundSpec
        {
            Backbone = backbone,
            Strategy = strategy,
            Round = parameters.Round,
            EmbeddingSize = training.EmbeddingSize,
            Layers = training.Layers,
            Init = init,
            // The random baseline draws its mask and weights from its own seed; X0 stays the search seed's.
            InitSeed = (ulong)(random ? parameters.Seed : parameters.InitSeed),
            RandomSeed = (ulong)parameters.InitSeed,
            SamplerSeed = (ulong)parameters.Seed,
            PruningRate = parameters.PruningRate,
            RewindEpoch = training.RewindEpoch,
            Training = new TrainingOptions
            {
                LearningRate = training.LearningRate,
                L2 = training.L2,
                BatchSize = training.BatchSize,
                MaxEpochs = training.Epochs,
                EvaluateEvery = training.EvaluateEvery,
                Patience = training.Patience,
                Selection = selection,
                SelectionK = SelectionK,
                ReportedKs = [.. training.TopK.Append(SelectionK).Distinct().Order()],
            },
        };
    }

    /// <exception cref="ContractValidationException">The spec does not fit the dataset (every problem listed).</exception>
    public static void ThrowIfInvalid(RoundSpec spec, PreparedDataset dataset, string jobId)
    {
        var problems = spec.Validate(dataset.Validation.Count);
        if (problems.Count > 0)
        {
            throw new ContractValidationException($"job {jobId} parameters", [.. problems.Select(p => new ValidationError("round", p))]);
        }
    }

    private static T Parse<T>(List<ValidationError> errors, string field, string name, IReadOnlyDictionary<string, T> names)
        where T : struct
    {
        if (names.TryGetValue(name, out var value))
        {
            return value;
        }

        errors.Add(new ValidationError(field, $"'{name}' is not one of {string.Join(", ", names.Keys)}"));
        return default;
    }
}
