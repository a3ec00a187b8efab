using Workflows.Recsys.Training;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class MaskedAdamTests
{
    [Fact]
    public void Step_StaleMomentsOnPrunedEntries_PrunedWeightsStayExactlyZero()
    {
        using var weights = tensor(new float[] { 0.5f, -0.25f, 0.75f, 1f });
        using var mask = tensor(new float[] { 1, 0, 1, 0 });
        using var adam = new MaskedAdam(weights, learningRate: 0.1);
        // Moments left over from before pruning would move pruned entries if the mask were not re-applied.
        adam.FirstMoment.fill_(3f);
        adam.SecondMoment.fill_(1f);

        for (var step = 0; step < 3; step++)
        {
            using var gradient = tensor(new float[] { 1f, 2f, -1f, 4f });
            adam.Step(gradient, mask);
        }

        var values = weights.data<float>().ToArray();
        Assert.Equal(0f, values[1]);
        Assert.Equal(0f, values[3]);
        Assert.NotEqual(0.5f, values[0]);
        Assert.Equal(0f, adam.FirstMoment.data<float>()[1]);
        Assert.Equal(0f, adam.SecondMoment.data<float>()[3]);
    }

    [Fact]
    public void Step_FirstStep_MatchesAdamFormula()
    {
        using var weights = tensor(new float[] { 1f });
        using var mask = ones(1);
        using var adam = new MaskedAdam(weights, learningRate: 0.01);
        using var gradient = tensor(new float[] { 0.5f });

        adam.Step(gradient, mask);

        // Step 1: m̂ = g, v̂ = g², update = lr · g / (|g| + ε) ≈ lr.
        Assert.Equal(1f - 0.01f, weights.data<float>()[0], 6);
    }
}
