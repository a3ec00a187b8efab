using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;

namespace Workflows.Recsys.Rounds;

/// <summary>Which held-out split picks a round's best epoch.</summary>
public enum SelectionSplit
{
    /// <summary>The validation split carved from train (the default; our improvement over the study).</summary>
    Validation,

    /// <summary>The test split (the study's and LightGCN-PyTorch's protocol; reports must say so).</summary>
    Test,
}

/// <summary>Optimisation, evaluation and early-stopping settings (defaults = the study's protocol).</summary>
public sealed record TrainingOptions
{
    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>λ of the L2 term on layer-0 batch rows.</summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>Triples per batch.</summary>
    public int BatchSize { get; init; } = 2048;

    /// <summary>Upper bound on epochs.</summary>
    public int MaxEpochs { get; init; } = 1000;

    /// <summary>Evaluate the selection split every this many epochs (and after the last epoch).</summary>
    public int EvaluateEvery { get; init; } = 10;

    /// <summary>Stop after this many evaluations without improvement of the selection metric.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Split used to select the best epoch.</summary>
    public SelectionSplit Selection { get; init; } = SelectionSplit.Validation;

    /// <summary>K of the selection metric (Recall@K).</summary>
    public int SelectionK { get; init; } = 20;

    /// <summary>Cut-offs reported for the selected checkpoint.</summary>
    public IReadOnlyList<int> ReportedKs { get; init; } = [10, 20];

    /// <summary>Users scored per evaluation batch.</summary>
    public int EvaluationUserBatchSize { get; init; } = 1024;
}

/// <summary>
/// Everything that defines one lottery-ticket round. Two rounds with equal specs on the same prepared dataset and
/// device produce the same artifacts (bit for bit on CPU with a fixed thread count).
/// </summary>
public sealed record RoundSpec
{
    /// <summary>MF or LightGCN.</summary>
    public required Backbone Backbone { get; init; }

    /// <summary>The search strategy this round belongs to.</summary>
    public required PruningStrategy Strategy { get; init; }

    /// <summary>Round index: 0 trains the dense model; round r ≥ 1 trains under the mask of sparsity level r.</summary>
    public required int Round { get; init; }

    /// <summary>Embedding size d.</summary>
    public int EmbeddingSize { get; init; } = 32;

    /// <summary>LightGCN layers K (ignored by MF).</summary>
    public int Layers { get; init; } = 3;

    /// <summary>Initialisation of the table.</summary>
    public EmbeddingInit Init { get; init; } = EmbeddingInit.Xavier;

    /// <summary>Seed of X0, shared by the IMP and OMP searches (and round 0 of every strategy).</summary>
    public ulong InitSeed { get; init; }

    /// <summary>Seed of the random baseline's masks and re-initialised weights (must differ from <see cref="InitSeed"/>).</summary>
    public ulong RandomSeed { get; init; } = 1;

    /// <summary>Seed of the BPR sampler.</summary>
    public ulong SamplerSeed { get; init; }

    /// <summary>Fraction of remaining weights removed per round (0.10 default; 0.05 and 0.20 studied).</summary>
    public double PruningRate { get; init; } = 0.1;

    /// <summary>Rewind point: 0 rewinds to X0; k &gt; 0 rewinds to round 0's weights after k epochs ("late rewinding").</summary>
    public int RewindEpoch { get; init; }

    /// <summary>Optimisation and evaluation settings.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Sparse-product implementation for LightGCN.</summary>
    public SpMMBackend SpMM { get; init; } = SpMMBackend.Auto;

    /// <summary>Checks the spec against <paramref name="validationInteractions"/>; returns every problem, naming each field.</summary>
    public IReadOnlyList<string> Validate(int validationInteractions)
    {
        var problems = new List<string>();
        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }

        Require(Round >= 0, $"Round: {Round} is negative.");
        Require(EmbeddingSize > 0, $"EmbeddingSize: {EmbeddingSize} must be positive.");
        Require(Backbone != Backbone.LightGcn || Layers > 0, $"Layers: {Layers} must be positive for LightGCN.");
        Require(PruningRate is > 0 and < 1, $"PruningRate: {PruningRate} must be in (0, 1).");
        Require(RewindEpoch >= 0 && RewindEpoch < Training.MaxEpochs, $"RewindEpoch: {RewindEpoch} must be in [0, MaxEpochs).");
        Require(Strategy != PruningStrategy.Random || RandomSeed != InitSeed, "RandomSeed: must differ from InitSeed for the random baseline.");
        Require(Training.LearningRate > 0, $"Training.LearningRate: {Training.LearningRate} must be positive.");
        Require(Training.L2 >= 0, $"Training.L2: {Training.L2} must not be negative.");
        Require(Training.BatchSize > 0, $"Training.BatchSize: {Training.BatchSize} must be positive.");
        Require(Training.MaxEpochs > 0, $"Training.MaxEpochs: {Training.MaxEpochs} must be positive.");
        Require(Training.EvaluateEvery > 0, $"Training.EvaluateEvery: {Training.EvaluateEvery} must be positive.");
        Require(Training.Patience > 0, $"Training.Patience: {Training.Patience} must be positive.");
        Require(Training.SelectionK > 0, $"Training.SelectionK: {Training.SelectionK} must be positive.");
        Require(Training.ReportedKs.Count > 0 && Training.ReportedKs.All(k => k > 0), "Training.ReportedKs: needs at least one positive K.");
        Require(Training.EvaluationUserBatchSize > 0, $"Training.EvaluationUserBatchSize: {Training.EvaluationUserBatchSize} must be positive.");
        Require(Training.Selection != SelectionSplit.Validation || validationInteractions > 0,
            "Training.Selection: Validation needs a prepared dataset with a validation split.");
        return problems;
    }
}
