using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workflows.Cosmology.Model;

/// <summary>A recurrent convolution: y = f(x), then t times y = f(x + y), with f = ReLU ∘ BatchNorm ∘ conv 3³.</summary>
internal sealed class RecurrentConv : Module<Tensor, Tensor>
{
    private readonly PaddedConv3d conv;
    private readonly TorchSharp.Modules.BatchNorm3d norm;
    private readonly int _recurrence;

    public RecurrentConv(string name, int channels, int recurrence, BoundaryPadding padding) : base(name)
    {
        conv = new PaddedConv3d(nameof(conv), channels, channels, 3, padding);
        norm = BatchNorm3d(channels);
        _recurrence = recurrence;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = functional.relu(norm.forward(conv.forward(x)));
        for (int i = 0; i < _recurrence; i++) y = functional.relu(norm.forward(conv.forward(x + y)));
        return y;
    }
}

/// <summary>A recurrent-residual block: a 1³ projection plus two stacked recurrent convolutions of it.</summary>
internal sealed class RecurrentResidualBlock : Module<Tensor, Tensor>
{
    private readonly PaddedConv3d project;
    private readonly RecurrentConv first, second;

    public RecurrentResidualBlock(string name, int inChannels, int outChannels, int recurrence, BoundaryPadding padding) : base(name)
    {
        project = new PaddedConv3d(nameof(project), inChannels, outChannels, 1, padding);
        first = new RecurrentConv(nameof(first), outChannels, recurrence, padding);
        second = new RecurrentConv(nameof(second), outChannels, recurrence, padding);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var projected = project.forward(x);
        return projected + second.forward(first.forward(projected));
    }
}

/// <summary>Phase 2: the R2U-Net regressor; outputs one raw channel (softplus makes it a count).</summary>
internal sealed class R2UNet : Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> encoders = new();
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> upsamplers = new();
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> decoders = new();
    private readonly PaddedConv3d head;

    public R2UNet(RegressorConfig config, BoundaryPadding padding) : base(nameof(R2UNet))
    {
        var c = config.Channels;
        for (int level = 0; level <= config.Depth; level++)
            encoders.Add(new RecurrentResidualBlock($"encoder{level}", level == 0 ? 1 : c[level - 1], c[level], config.Recurrence, padding));
        for (int level = config.Depth - 1; level >= 0; level--)
        {
            upsamplers.Add(ConvTranspose3d(c[level + 1], c[level], 2, stride: 2));
            decoders.Add(new RecurrentResidualBlock($"decoder{level}", 2 * c[level], c[level], config.Recurrence, padding));
        }
        head = new PaddedConv3d(nameof(head), c[0], 1, 1, padding);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var skips = new List<Tensor>();
        var h = x;
        for (int level = 0; level < encoders.Count; level++)
        {
            if (level > 0) h = functional.max_pool3d(h, [2, 2, 2], [2, 2, 2]);
            h = encoders[level].forward(h);
            skips.Add(h);
        }
        for (int i = 0; i < decoders.Count; i++)
        {
            var up = upsamplers[i].forward(h);
            h = decoders[i].forward(cat([skips[skips.Count - 2 - i], up], 1));
        }
        return head.forward(h).MoveToOuterDisposeScope();
    }
}
