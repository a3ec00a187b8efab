using TorchSharp;
using Workflows.Torch.Checkpoints;
using static TorchSharp.torch;

namespace Workflows.Recsys.Training;

/// <summary>
/// Adam (as torch.optim.Adam, no weight decay) for one parameter under a 0/1 mask. After every step the pruned
/// entries of the parameter and of both moment estimates are set to exactly zero, so neither the optimizer state
/// nor a checkpoint can resurrect a pruned weight. Its state is saved and restored bit for bit.
/// </summary>
public sealed class MaskedAdam : IDisposable
{
    private readonly Tensor _parameter;
    private readonly double _learningRate;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;

    /// <summary>Optimises <paramref name="parameter"/> in place.</summary>
    public MaskedAdam(Tensor parameter, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        _parameter = parameter;
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        FirstMoment = zeros_like(parameter);
        SecondMoment = zeros_like(parameter);
    }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Exponential average of gradients.</summary>
    public Tensor FirstMoment { get; private set; }

    /// <summary>Exponential average of squared gradients.</summary>
    public Tensor SecondMoment { get; private set; }

    /// <summary>Applies one update with <paramref name="gradient"/>, then zeroes pruned entries.</summary>
    public void Step(Tensor gradient, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(mask);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        StepCount++;
        // Explicit scalars kept alive until the end of the step (see BprLoss.Compute for why).
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var secondMomentScale = Math.Sqrt(1 - Math.Pow(_beta2, StepCount)).ToScalar();
        using var epsilon = _epsilon.ToScalar();
        using var stepSize = (-_learningRate / (1 - Math.Pow(_beta1, StepCount))).ToScalar();
        FirstMoment.mul_(beta1).add_(gradient, oneMinusBeta1);
        SecondMoment.mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
        var denominator = SecondMoment.sqrt().div_(secondMomentScale).add_(epsilon);
        _parameter.addcdiv_(FirstMoment, denominator, stepSize);
        _parameter.mul_(mask);
        FirstMoment.mul_(mask);
        SecondMoment.mul_(mask);
    }

    /// <summary>Writes step count and moments.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StepCount);
        TensorBinary.Write(writer, FirstMoment);
        TensorBinary.Write(writer, SecondMoment);
    }

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StepCount = reader.ReadInt64();
        var device = _parameter.device;
        FirstMoment.Dispose();
        SecondMoment.Dispose();
        FirstMoment = TensorBinary.Read(reader, device);
        SecondMoment = TensorBinary.Read(reader, device);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        FirstMoment.Dispose();
        SecondMoment.Dispose();
    }
}
