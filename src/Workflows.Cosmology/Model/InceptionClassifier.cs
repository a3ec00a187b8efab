using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workflows.Cosmology.Model;

/// <summary>Phase 1: per-voxel logits (empty, non-empty). No ReLU on the logits (it froze one study's loss at ln 2).</summary>
internal sealed class InceptionClassifier : Module<Tensor, Tensor>
{
    private readonly PaddedConv3d branch1, branch3, branch5, branchPool, mix, hidden, logits;
    private readonly TorchSharp.Modules.BatchNorm3d concatNorm, mixNorm, hiddenNorm;
    private readonly TorchSharp.Modules.AvgPool3d pool;
    private readonly BoundaryPadding _padding;

    public InceptionClassifier(ClassifierConfig config, BoundaryPadding padding) : base(nameof(InceptionClassifier))
    {
        _padding = padding;
        branch1 = new PaddedConv3d(nameof(branch1), 1, config.Branch1, 1, padding);
        branch3 = new PaddedConv3d(nameof(branch3), 1, config.Branch3, 3, padding);
        branch5 = new PaddedConv3d(nameof(branch5), 1, config.Branch5, 5, padding);
        pool = AvgPool3d(3, stride: 1);
        branchPool = new PaddedConv3d(nameof(branchPool), 1, config.BranchPool, 1, padding);
        concatNorm = BatchNorm3d(config.Concatenated);
        mix = new PaddedConv3d(nameof(mix), config.Concatenated, config.Mixed, 3, padding);
        mixNorm = BatchNorm3d(config.Mixed);
        hidden = new PaddedConv3d(nameof(hidden), config.Mixed, config.Hidden, 3, padding);
        hiddenNorm = BatchNorm3d(config.Hidden);
        logits = new PaddedConv3d(nameof(logits), config.Hidden, 2, 1, padding);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = branchPool.forward(pool.forward(_padding.Apply(x, 1)));
        var branches = cat([branch1.forward(x), branch3.forward(x), branch5.forward(x), pooled], 1);
        var h = functional.relu(concatNorm.forward(branches));
        h = functional.relu(mixNorm.forward(mix.forward(h)));
        h = functional.relu(hiddenNorm.forward(hidden.forward(h)));
        return logits.forward(h).MoveToOuterDisposeScope();
    }
}
