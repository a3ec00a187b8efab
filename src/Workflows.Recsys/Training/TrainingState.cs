using System.Text;
using Workflows.Recsys.Rounds;
using Workflows.Torch.Checkpoints;
using static TorchSharp.torch;

namespace Workflows.Recsys.Training;

/// <summary>
/// Everything a round's training loop needs to continue exactly where it stopped: weights, optimizer moments,
/// next epoch (which fixes the sampler's data order), best checkpoint, early-stopping counter, rewind capture and
/// history. Serialised with a version and the spec fingerprint so a checkpoint of another spec is rejected.
/// </summary>
internal sealed class TrainingState : IDisposable
{
    private const int Version = 1;
    private static readonly byte[] Magic = "WFRCKPT\0"u8.ToArray();

    public TrainingState(Tensor weights, double learningRate)
    {
        Weights = weights.requires_grad_(true);
        Optimizer = new MaskedAdam(Weights, learningRate);
    }

    public Tensor Weights { get; }

    public MaskedAdam Optimizer { get; }

    public int NextEpoch { get; set; }

    public Tensor? BestWeights { get; set; }

    public int BestEpoch { get; set; } = -1;

    public double BestRecall { get; set; } = double.NegativeInfinity;

    public int EvaluationsWithoutImprovement { get; set; }

    public Tensor? RewindWeights { get; set; }

    public List<EpochRecord> History { get; } = [];

    public void Save(Stream stream, string fingerprint)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(fingerprint);
        writer.Write(NextEpoch);
        TensorBinary.Write(writer, Weights);
        Optimizer.Save(writer);
        WriteOptional(writer, BestWeights);
        writer.Write(BestEpoch);
        writer.Write(BestRecall);
        writer.Write(EvaluationsWithoutImprovement);
        WriteOptional(writer, RewindWeights);
        writer.Write(History.Count);
        foreach (var record in History)
        {
            writer.Write(record.Epoch);
            writer.Write(record.Loss);
            writer.Write(record.SelectionRecall ?? double.NaN);
        }
    }

    /// <exception cref="InvalidDataException">Not a checkpoint, another version, or another spec.</exception>
    public void Load(Stream stream, string fingerprint)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("Checkpoint: bad magic (not a round checkpoint).");
            }

            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"Checkpoint: version {version} is not supported (expected {Version}).");
            }

            if (reader.ReadString() != fingerprint)
            {
                throw new InvalidDataException("Checkpoint: written for a different round spec or dataset; refusing to resume from it.");
            }

            NextEpoch = reader.ReadInt32();
            using (var weights = TensorBinary.Read(reader, Weights.device))
            using (no_grad())
            {
                Weights.copy_(weights);
            }

            Optimizer.Load(reader);
            BestWeights = ReadOptional(reader, Weights.device);
            BestEpoch = reader.ReadInt32();
            BestRecall = reader.ReadDouble();
            EvaluationsWithoutImprovement = reader.ReadInt32();
            RewindWeights = ReadOptional(reader, Weights.device);
            var count = reader.ReadInt32();
            History.Clear();
            for (var i = 0; i < count; i++)
            {
                var epoch = reader.ReadInt32();
                var loss = reader.ReadDouble();
                var recall = reader.ReadDouble();
                History.Add(new EpochRecord(epoch, loss, double.IsNaN(recall) ? null : recall));
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("Checkpoint: truncated content.");
        }
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        BestWeights?.Dispose();
        RewindWeights?.Dispose();
        Weights.Dispose();
    }

    private static void WriteOptional(BinaryWriter writer, Tensor? tensor)
    {
        writer.Write(tensor is not null);
        if (tensor is not null)
        {
            TensorBinary.Write(writer, tensor);
        }
    }

    private static Tensor? ReadOptional(BinaryReader reader, Device device) =>
        reader.ReadBoolean() ? TensorBinary.Read(reader, device) : null;
}
