namespace Workflows.Lottery.Tests;

public class TicketSelectorTests
{
    private static RoundMetrics Round(int round, long remaining, double validationRecall) => new(round, remaining, 1000, validationRecall);

    [Fact]
    public void Select_RoundsWithTolerance_PicksSparsestQualifyingOnValidation()
    {
        RoundMetrics[] rounds =
        [
            Round(0, 1000, 0.200),
            Round(1, 900, 0.205),
            Round(2, 810, 0.201),
            Round(3, 729, 0.199),
            Round(4, 656, 0.192),
            Round(5, 590, 0.185),
        ];

        var selection = TicketSelector.Select(rounds, tolerance: 0);

        Assert.Equal(2, selection.Winning?.Round);
        Assert.Equal(3, selection.Within1Percent?.Round);
        Assert.Equal(4, selection.Within5Percent?.Round);
    }

    [Fact]
    public void Select_NoPrunedRoundMatchesDense_FindsNoTicketRatherThanTheDenseModel()
    {
        RoundMetrics[] rounds = [Round(0, 1000, 0.2), Round(1, 900, 0.15), Round(2, 810, 0.12)];

        var selection = TicketSelector.Select(rounds, tolerance: 0);

        Assert.Null(selection.Winning);
        Assert.Null(selection.Within5Percent);
    }

    [Fact]
    public void Select_WithoutDenseRound_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => TicketSelector.Select([Round(1, 900, 0.2)], tolerance: 0));
    }
}
