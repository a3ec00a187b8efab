using System.Text.Json;
using TorchSharp;
using Workflows.Cosmology.Grids;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Model;

/// <summary>
/// The two-phase cascade: a classifier decides which voxels hold galaxies, a regressor how many; the output is
/// mask × softplus(regression). Carries its input normalisation, so a saved model predicts on its own.
/// </summary>
public sealed class CascadeModel : IDisposable
{
    private const string Magic = "WF-COSMO-CASCADE-1";
    private readonly BoundaryPadding _padding = new();

    private CascadeModel(ModelConfig config, InputNormalisation normalisation, Device device)
    {
        Config = config;
        Normalisation = normalisation;
        Device = device;
        Classifier = new InceptionClassifier(config.Classifier, _padding);
        Regressor = new R2UNet(config.Regressor, _padding);
    }

    public ModelConfig Config { get; }

    public InputNormalisation Normalisation { get; }

    public Device Device { get; }

    internal InceptionClassifier Classifier { get; }

    internal R2UNet Regressor { get; }

    public BoundaryMode Boundary
    {
        get => _padding.Mode;
        set => _padding.Mode = value;
    }

    /// <summary>A freshly initialised model; weights depend only on <paramref name="seed"/>, never on global RNG state.</summary>
    public static CascadeModel Create(ModelConfig config, InputNormalisation normalisation, int seed, Device device)
    {
        var model = new CascadeModel(config, normalisation, device);
        InitialiseWeights(model.Classifier, seed);
        InitialiseWeights(model.Regressor, seed + 1);
        model.Classifier.to(device);
        model.Regressor.to(device);
        return model;
    }

    /// <summary>Per-voxel predicted counts and non-empty probabilities for a batch [B, 1, D, H, W] of normalised inputs.</summary>
    internal (Tensor Counts, Tensor Probability) Forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var probability = nn.functional.softmax(Classifier.forward(input), 1).narrow(1, 1, 1);
        var mask = probability.gt(0.5).to_type(ScalarType.Float32);
        var counts = mask * nn.functional.softplus(Regressor.forward(input));
        return (counts.MoveToOuterDisposeScope(), probability.MoveToOuterDisposeScope());
    }

    /// <summary>Predicts counts (or the classifier's non-empty probability) for a raw (un-normalised) dark-matter block in eval mode.</summary>
    public VoxelGrid Predict(VoxelGrid darkMatter, CascadeOutput output = CascadeOutput.Counts)
    {
        Classifier.eval();
        Regressor.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var s = darkMatter.Shape;
        var input = tensor(Normalisation.Apply(darkMatter.Data), [1, 1, s.Nx, s.Ny, s.Nz], ScalarType.Float32, Device);
        var (counts, probability) = Forward(input);
        var result = output == CascadeOutput.Counts ? counts : probability;
        return new VoxelGrid(s, result.cpu().data<float>().ToArray());
    }

    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(JsonSerializer.Serialize(new ModelHeader(Config, Normalisation)));
        Classifier.save(writer);
        Regressor.save(writer);
    }

    public static CascadeModel Load(Stream stream, Device device, string sourceName = "model")
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        string magic;
        ModelHeader header;
        try
        {
            magic = reader.ReadString();
            header = magic == Magic ? JsonSerializer.Deserialize<ModelHeader>(reader.ReadString())! : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or JsonException)
        {
            throw new GridFormatException(sourceName, "not a cascade model file");
        }
        var model = new CascadeModel(header.Config, header.Normalisation, device);
        model.Classifier.load(reader);
        model.Regressor.load(reader);
        model.Classifier.to(device);
        model.Regressor.to(device);
        return model;
    }

    /// <summary>
    /// Convolution weights uniform in ±1/sqrt(fan-in) (PyTorch's default scale) from a seeded generator, biases
    /// zero; BatchNorm keeps its identity initialisation.
    /// </summary>
    private static void InitialiseWeights(nn.Module module, int seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.Contains("norm", StringComparison.OrdinalIgnoreCase)) continue;
            if (parameter.dim() == 1)
            {
                parameter.zero_();
                continue;
            }
            long fanIn = parameter.shape[1] * parameter.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
            double bound = 1 / Math.Sqrt(fanIn);
            parameter.uniform_(-bound, bound, generator);
        }
    }

    public void Dispose()
    {
        Classifier.Dispose();
        Regressor.Dispose();
    }

    private sealed record ModelHeader(ModelConfig Config, InputNormalisation Normalisation);
}
