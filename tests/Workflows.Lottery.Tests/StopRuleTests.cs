namespace Workflows.Lottery.Tests;

public class StopRuleTests
{
    private static readonly RoundMetrics[] Rounds =
        [new(0, 1000, 1000, 0.20), new(1, 900, 1000, 0.21), new(2, 810, 1000, 0.19), new(3, 729, 1000, 0.18)];

    [Theory]
    [InlineData(2, StopReason.BelowDense)]
    [InlineData(3, StopReason.None)]
    public void Evaluate_RoundsBelowDense_StopsOnlyAfterPatienceRounds(int patience, StopReason expected)
    {
        var rule = new StopRule(Tolerance: 0, patience, MaxRounds: 10, TargetRemainingFraction: null);

        Assert.Equal(expected, rule.Evaluate(Rounds));
    }

    [Fact]
    public void Evaluate_TargetReached_StopsBeforeThePatienceRule()
    {
        var rule = new StopRule(Tolerance: 0, Patience: 2, MaxRounds: 10, TargetRemainingFraction: 0.75);

        Assert.Equal(StopReason.TargetReached, rule.Evaluate(Rounds));
    }

    [Fact]
    public void Evaluate_LastConfiguredRound_ExhaustsTheRounds()
    {
        var rule = new StopRule(Tolerance: 0.2, Patience: 2, MaxRounds: 3, TargetRemainingFraction: null);

        Assert.Equal(StopReason.RoundsExhausted, rule.Evaluate(Rounds));
    }

    [Fact]
    public void Evaluate_LastConfiguredRoundBelowDense_ReportsTheRoundsAsExhaustedNotAnEarlyStop()
    {
        var rule = new StopRule(Tolerance: 0, Patience: 2, MaxRounds: 3, TargetRemainingFraction: null);

        Assert.Equal(StopReason.RoundsExhausted, rule.Evaluate(Rounds));
    }
}
