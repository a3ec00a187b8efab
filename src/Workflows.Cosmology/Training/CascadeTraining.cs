using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Tiling;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Training;

/// <summary>
/// Two-phase training of the cascade. Phase 1 trains the classifier with class-weighted cross entropy; phase 2
/// trains the regressor through the frozen classifier's mask (classifier in eval mode, no gradients) with
/// weighted squared error. Each phase keeps the weights of its lowest-validation-loss epoch. Data order and
/// flips derive from (seed, phase, epoch) and the learning rate from the epoch, so a checkpoint holding the
/// weights, Adam state and best-so-far resumes exactly.
/// </summary>
public sealed class CascadeTraining : IDisposable
{
    private const string Magic = "WF-COSMO-TRAINING-1";

    /// <summary>A phase's best loss starts at +∞, which plain JSON cannot carry.</summary>
    private static readonly JsonSerializerOptions HeaderJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly TrainingData _data;
    private readonly TileBatches _batches;
    private readonly ILogger _logger;
    private TorchSharp.Modules.Adam _optimizer;
    private Dictionary<string, Tensor>? _bestWeights;

    private CascadeTraining(CascadeModel model, TrainingOptions options, TrainingData data, TrainingState state, ILogger? logger)
    {
        Model = model;
        Options = options;
        _data = data;
        State = state;
        _logger = logger ?? NullLogger.Instance;
        data.Tiling.EnsureAligned(model.Config.PoolingMultiple);
        _batches = new TileBatches(data, model.Normalisation, model.Device);
        _optimizer = CreateOptimizer();
    }

    public CascadeModel Model { get; }

    public TrainingOptions Options { get; }

    public TrainingState State { get; private set; }

    public bool IsComplete => State.Phase == TrainingPhase.Complete;

    /// <summary>Starts from scratch; the input normalisation comes from the training region only.</summary>
    public static CascadeTraining Start(ModelConfig config, TrainingOptions options, TrainingData data, Device device, ILogger? logger = null)
    {
        CheckData(data);
        var normalisation = InputNormalisation.Fit(data.DarkMatter, data.Split.Regions(SplitRole.Train));
        var model = CascadeModel.Create(config, normalisation, options.Seed, device);
        var initial = new TrainingState(options.ClassifierEpochs > 0 ? TrainingPhase.Classifier : TrainingPhase.Regressor, 0, double.PositiveInfinity, []);
        return new CascadeTraining(model, options, data, initial, logger);
    }

    /// <summary>Resumes from a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    public static CascadeTraining Resume(Stream checkpoint, TrainingData data, Device device, ILogger? logger = null)
    {
        CheckData(data);
        using var reader = new BinaryReader(checkpoint, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic) throw new GridFormatException("checkpoint", "not a cascade training checkpoint");
        var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString(), HeaderJson)!;
        var model = CascadeModel.Load(checkpoint, device, "checkpoint");
        var training = new CascadeTraining(model, header.Options, data, header.State, logger);
        if (reader.ReadBoolean()) training._bestWeights = ReadWeights(reader, device);
        if (!training.IsComplete) training._optimizer.load_state_dict(reader);
        return training;
    }

    /// <summary>Runs epochs until training completes, checking for cancellation between epochs.</summary>
    public void Run(Action<EpochReport>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        while (!IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = RunEpoch();
            onEpoch?.Invoke(report);
        }
    }

    public EpochReport RunEpoch()
    {
        if (IsComplete) throw new InvalidOperationException("Training is complete.");
        var phase = State.Phase;
        int epoch = State.Epoch;
        double learningRate = Options.LearningRate * Math.Pow(0.5, epoch / Options.HalveLearningRateEveryEpochs);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;

        double trainLoss = TrainOneEpoch(phase, epoch);
        double validationLoss = Validate(phase);
        bool isBest = validationLoss < State.BestValidationLoss;
        if (isBest) _bestWeights = Snapshot(PhaseModule(phase));
        var report = new EpochReport(phase, epoch, trainLoss, validationLoss, learningRate, isBest);
        _logger.Epoch(phase.ToString(), epoch, trainLoss, validationLoss, learningRate);
        State = State with
        {
            Epoch = epoch + 1,
            BestValidationLoss = Math.Min(validationLoss, State.BestValidationLoss),
            History = [.. State.History, report],
        };
        if (State.Epoch == PhaseEpochs(phase)) FinishPhase(phase);
        return report;
    }

    public void SaveCheckpoint(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(JsonSerializer.Serialize(new CheckpointHeader(Options, State), HeaderJson));
        writer.Flush();
        Model.Save(stream);
        writer.Write(_bestWeights is not null);
        if (_bestWeights is not null) WriteWeights(writer, _bestWeights);
        if (!IsComplete) _optimizer.save_state_dict(writer);
        writer.Flush();
    }

    private double TrainOneEpoch(TrainingPhase phase, int epoch)
    {
        var random = new Random(HashCode.Combine(Options.Seed, (int)phase, epoch) & int.MaxValue);
        var order = _data.Split.Train.OrderBy(_ => random.Next()).ToArray();
        SetModes(phase, training: true);
        double total = 0;
        int batches = 0;
        foreach (var tiles in order.Chunk(Options.BatchSize))
        {
            using var scope = NewDisposeScope();
            var flips = Options.Flips
                ? tiles.Select(_ => new[] { random.Next(2) == 1, random.Next(2) == 1, random.Next(2) == 1 }).ToArray()
                : null;
            var (input, target) = _batches.Build(tiles, flips);
            _optimizer.zero_grad();
            var loss = Loss(phase, input, target);
            loss.backward();
            _optimizer.step();
            total += loss.item<float>();
            batches++;
        }
        return total / batches;
    }

    private double Validate(TrainingPhase phase)
    {
        SetModes(phase, training: false);
        using var noGrad = no_grad();
        double total = 0;
        int batches = 0;
        foreach (var tiles in _data.Split.Validation.Chunk(Options.BatchSize))
        {
            using var scope = NewDisposeScope();
            var (input, target) = _batches.Build(tiles, flips: null);
            total += Loss(phase, input, target).item<float>();
            batches++;
        }
        return total / batches;
    }

    private Tensor Loss(TrainingPhase phase, Tensor input, Tensor target) => phase == TrainingPhase.Classifier
        ? CascadeLosses.WeightedCrossEntropy(_batches.Interior(Model.Classifier.forward(input)), target, Options.NonEmptyClassWeight)
        : CascadeLosses.WeightedSquaredError(_batches.Interior(Model.Forward(input).Counts), target, Options.NonEmptyRegressionWeight);

    private void SetModes(TrainingPhase phase, bool training)
    {
        // The frozen classifier stays in eval mode throughout phase 2, so its BatchNorm statistics never move.
        Model.Classifier.train(training && phase == TrainingPhase.Classifier);
        Model.Regressor.train(training && phase == TrainingPhase.Regressor);
    }

    private void FinishPhase(TrainingPhase phase)
    {
        if (_bestWeights is not null) PhaseModule(phase).load_state_dict(_bestWeights);
        _bestWeights = null;
        var next = phase == TrainingPhase.Classifier && Options.RegressorEpochs > 0 ? TrainingPhase.Regressor : TrainingPhase.Complete;
        State = State with { Phase = next, Epoch = 0, BestValidationLoss = double.PositiveInfinity };
        _optimizer.Dispose();
        _optimizer = CreateOptimizer();
    }

    private TorchSharp.Modules.Adam CreateOptimizer()
    {
        bool regressorPhase = State.Phase != TrainingPhase.Classifier;
        foreach (var p in Model.Classifier.parameters()) p.requires_grad = !regressorPhase;
        var module = regressorPhase ? (nn.Module)Model.Regressor : Model.Classifier;
        return optim.Adam(module.parameters(), Options.LearningRate);
    }

    private nn.Module PhaseModule(TrainingPhase phase) => phase == TrainingPhase.Classifier ? Model.Classifier : Model.Regressor;

    private int PhaseEpochs(TrainingPhase phase) => phase == TrainingPhase.Classifier ? Options.ClassifierEpochs : Options.RegressorEpochs;

    private static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private static void WriteWeights(BinaryWriter writer, Dictionary<string, Tensor> weights)
    {
        writer.Write(weights.Count);
        foreach (var (name, value) in weights)
        {
            writer.Write(name);
            value.cpu().Save(writer);
        }
    }

    private static Dictionary<string, Tensor> ReadWeights(BinaryReader reader, Device device)
    {
        int count = reader.ReadInt32();
        var weights = new Dictionary<string, Tensor>(count);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            weights[name] = TensorExtensionMethods.Load(reader).to(device);
        }
        return weights;
    }

    private static void CheckData(TrainingData data)
    {
        if (data.DarkMatter.Shape != data.Galaxies.Shape)
            throw new ArgumentException($"Dark matter {data.DarkMatter.Shape} and galaxies {data.Galaxies.Shape} differ in shape.", nameof(data));
        if (data.Split.Lattice.Volume != data.DarkMatter.Shape)
            throw new ArgumentException($"The split's lattice covers {data.Split.Lattice.Volume}, the grids are {data.DarkMatter.Shape}.", nameof(data));
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
    }

    private sealed record CheckpointHeader(TrainingOptions Options, TrainingState State);
}

/// <summary>Where training stands: phase, epochs done in it, its best validation loss, and every epoch so far.</summary>
public sealed record TrainingState(TrainingPhase Phase, int Epoch, double BestValidationLoss, IReadOnlyList<EpochReport> History);
