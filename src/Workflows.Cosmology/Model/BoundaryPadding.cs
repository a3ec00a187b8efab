using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workflows.Cosmology.Model;

public enum BoundaryMode
{
    /// <summary>Zeros beyond the input's edge: tiles, and non-periodic whole volumes.</summary>
    Zero,

    /// <summary>The input wraps around: whole periodic boxes.</summary>
    Circular,
}

/// <summary>Pads a 5D tensor on its three spatial axes according to the model's boundary mode.</summary>
internal sealed class BoundaryPadding
{
    public BoundaryMode Mode { get; set; }

    public Tensor Apply(Tensor x, int width) => width == 0 ? x
        : functional.pad(x, [width, width, width, width, width, width],
            Mode == BoundaryMode.Circular ? PaddingModes.Circular : PaddingModes.Constant);
}

/// <summary>A 3D convolution whose "same" padding follows the shared boundary mode.</summary>
internal sealed class PaddedConv3d : Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv3d conv;
    private readonly BoundaryPadding _padding;
    private readonly int _kernel;

    public PaddedConv3d(string name, int inChannels, int outChannels, int kernel, BoundaryPadding padding) : base(name)
    {
        conv = Conv3d(inChannels, outChannels, kernel);
        _padding = padding;
        _kernel = kernel;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => conv.forward(_padding.Apply(x, _kernel / 2));
}
