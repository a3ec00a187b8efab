namespace Workflows.Lottery.Tests;

public class SparsityScheduleTests
{
    [Theory]
    [InlineData(0.10, new long[] { 1000, 900, 810, 729, 656 })]
    [InlineData(0.20, new long[] { 1000, 800, 640, 512, 410 })]
    public void Levels_RatePerRound_ExactRemainingCounts(double rate, long[] expected)
    {
        var levels = SparsitySchedule.Levels(1000, rate, 4);

        Assert.Equal(expected, levels.Select(level => level.RemainingEntries));
        Assert.Equal(expected.Zip(expected.Skip(1), (a, b) => a - b), levels.Skip(1).Select(level => level.PrunedThisRound));
    }

    [Fact]
    public void Levels_HalfEntries_RoundHalfAwayFromZero()
    {
        // 0.1 × 95 = 9.5 → 10; 0.1 × 85 = 8.5 → 9.
        Assert.Equal([95L, 85, 76], SparsitySchedule.Levels(95, 0.1, 2).Select(level => level.RemainingEntries));
    }

    [Fact]
    public void EntriesToRemove_ExactHalfThatBinaryFloatingPointMisses_RoundsAwayFromZero()
    {
        // 0.3 × 5 is 1.4999999999999998 in double; the rule says ⌊1.5⌉ = 2.
        Assert.Equal(2, SparsitySchedule.EntriesToRemove(5, 0.3));
    }

    [Fact]
    public void At_EachRound_EqualsThatLevelOfTheSchedule()
    {
        var levels = SparsitySchedule.Levels(10_000, 0.2, 5);

        Assert.All(levels, level => Assert.Equal(level, SparsitySchedule.At(10_000, 0.2, level.Round)));
    }

    [Fact]
    public void At_RoundAfterPruningStopsRemovingEntries_IsRefused()
    {
        // 0.1 × 4 = 0.4 rounds to 0: nothing is removed from round 1 on.
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsitySchedule.At(4, 0.1, 1));
    }

    [Fact]
    public void Plan_Target_CutsAfterTheFirstLevelAtOrBelowIt()
    {
        // 0.9^6 = 0.531, 0.9^7 = 0.478: the seventh round is the first at or below half.
        var plan = SparsitySchedule.Plan(10_000, 0.1, rounds: 20, targetRemainingFraction: 0.5);

        Assert.Equal(7, plan[^1].Round);
        Assert.Equal(4783, plan[^1].RemainingEntries);
    }
}
