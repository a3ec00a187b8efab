using Workflows.Recsys.Pruning;

namespace Workflows.Recsys.Tests;

public class PruningTests
{
    [Theory]
    [InlineData(0.10, new long[] { 1000, 900, 810, 729, 656 })]
    [InlineData(0.20, new long[] { 1000, 800, 640, 512, 410 })]
    public void Plan_RatePerRound_ExactRemainingCounts(double rate, long[] expected)
    {
        var plan = new SparsitySchedule(1000, rate).Plan(4);

        Assert.Equal(expected, plan.Select(r => r.Remaining));
        Assert.Equal(expected.Zip(expected.Skip(1), (a, b) => a - b), plan.Skip(1).Select(r => r.PrunedThisRound));
    }

    [Fact]
    public void Plan_HalfEntries_RoundsHalfAwayFromZero()
    {
        // 0.1 × 95 = 9.5 → 10; 0.1 × 85 = 8.5 → 9.
        var plan = new SparsitySchedule(95, 0.1).Plan(2);

        Assert.Equal([95L, 85, 76], plan.Select(r => r.Remaining));
    }

    [Fact]
    public void RoundsToReach_HalfOfTheWeights_NeedsSevenRoundsAtTenPercent()
    {
        // 0.9^6 = 0.531, 0.9^7 = 0.478.
        Assert.Equal(7, new SparsitySchedule(10_000, 0.1).RoundsToReach(0.5));
    }

    [Fact]
    public void PruneSmallestMagnitudes_SeveralRounds_RemovesExactCountOfSmallestKeptEntries()
    {
        var random = new Workflows.Torch.SplitMix64(11);
        var weights = Enumerable.Range(0, 1000).Select(_ => (float)random.NextGaussian()).ToArray();
        var schedule = new SparsitySchedule(weights.Length, 0.2);
        var mask = Enumerable.Repeat((byte)1, weights.Length).ToArray();

        for (var round = 1; round <= 3; round++)
        {
            var next = MaskPruning.PruneSmallestMagnitudes(weights, mask, schedule.At(round).PrunedThisRound);

            Assert.Equal(schedule.At(round).Remaining, MaskPruning.CountKept(next));
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

    [Fact]
    public void Select_RoundsWithTolerance_PicksSparsestQualifyingOnValidation()
    {
        RoundOutcome[] rounds =
        [
            new(0, 1.0, 0.200),
            new(1, 0.9, 0.205),
            new(2, 0.81, 0.201),
            new(3, 0.729, 0.199),
            new(4, 0.656, 0.192),
            new(5, 0.59, 0.185),
        ];

        var selection = TicketSelector.Select(rounds);

        Assert.Equal(2, selection.Winning?.Round);
        Assert.Equal(3, selection.Within1Percent?.Round);
        Assert.Equal(4, selection.Within5Percent?.Round);
    }

    [Fact]
    public void ShouldStop_PatienceRoundsBelowDense_Stops()
    {
        RoundOutcome[] rounds = [new(0, 1.0, 0.2), new(1, 0.9, 0.21), new(2, 0.81, 0.19), new(3, 0.73, 0.18)];

        Assert.True(TicketSelector.ShouldStop(rounds, tolerance: 0, patienceRounds: 2, targetRemainingFraction: 0.01));
        Assert.False(TicketSelector.ShouldStop(rounds, tolerance: 0, patienceRounds: 3, targetRemainingFraction: 0.01));
        Assert.True(TicketSelector.ShouldStop(rounds, tolerance: 0, patienceRounds: 3, targetRemainingFraction: 0.75));
    }
}
