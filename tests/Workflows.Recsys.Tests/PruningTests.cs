using Workflows.Lottery;
using Workflows.Recsys.Pruning;

namespace Workflows.Recsys.Tests;

public class PruningTests
{
    [Fact]
    public void PruneSmallestMagnitudes_SeveralRounds_RemovesExactCountOfSmallestKeptEntries()
    {
        var random = new Workflows.Torch.SplitMix64(11);
        var weights = Enumerable.Range(0, 1000).Select(_ => (float)random.NextGaussian()).ToArray();
        var mask = Enumerable.Repeat((byte)1, weights.Length).ToArray();

        for (var round = 1; round <= 3; round++)
        {
            var level = SparsitySchedule.At(weights.Length, 0.2, round);
            var next = MaskPruning.PruneSmallestMagnitudes(weights, mask, level.PrunedThisRound);

            Assert.Equal(level.RemainingEntries, MaskPruning.CountKept(next));
            var largestPruned = Enumerable.Range(0, weights.Length).Where(i => mask[i] == 1 && next[i] == 0).Max(i => Math.Abs(weights[i]));
            var smallestKept = Enumerable.Range(0, weights.Length).Where(i => next[i] == 1).Min(i => Math.Abs(weights[i]));
            Assert.True(largestPruned <= smallestKept, $"round {round}: pruned |w| {largestPruned} above kept {smallestKept}");
            Assert.All(Enumerable.Range(0, weights.Length), i => Assert.True(next[i] <= mask[i], "a pruned entry came back"));
            mask = next;
        }
    }

    [Fact]
    public void PruneSmallestMagnitudes_Ties_LowerIndexPrunedFirst()
    {
        float[] weights = [0.5f, -0.5f, 0.5f, 0.1f];

        var mask = MaskPruning.PruneSmallestMagnitudes(weights, [1, 1, 1, 1], 2);

        Assert.Equal([0, 1, 1, 0], mask.Select(m => (int)m));
    }

    [Fact]
    public void RandomMask_SameSeed_SameExactCount()
    {
        var first = MaskPruning.RandomMask(500, 123, seed: 5, stream: 2);
        var second = MaskPruning.RandomMask(500, 123, seed: 5, stream: 2);
        var otherStream = MaskPruning.RandomMask(500, 123, seed: 5, stream: 3);

        Assert.Equal(123, MaskPruning.CountKept(first));
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherStream);
    }
}
