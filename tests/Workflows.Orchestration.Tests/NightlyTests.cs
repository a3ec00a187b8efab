using Workflows.Contracts;
using Workflows.Lottery;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Nightly;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Tests;

/// <summary>The promotion rule and which tickets a run promotes, on hand-made cases.</summary>
public sealed class NightlyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.20, 0.19, 0.05, true)] // 0.19 = 0.20 × 0.95 exactly: not worse by more than the tolerance
    [InlineData(0.20, 0.189, 0.05, false)] // 0.189 < 0.19
    [InlineData(0.20, 0.25, 0.0, true)]
    [InlineData(0.20, 0.1999, 0.0, false)]
    [InlineData(0.0, 0.0, 0.0, true)]
    public void Promotes_TheChallengerUnlessWorseThanTheChampionByMoreThanTheTolerance(double champion, double challenger, double tolerance, bool promotes) =>
        Assert.Equal(promotes, NightlyRule.Promotes(champion, challenger, tolerance));

    /// <summary>
    /// MF: the omp ticket (51 non-zeros) beats the imp one (64); the sparser random "ticket" (40) is a baseline and does not
    /// count. LightGCN: its only search with a winning round failed, so nothing is promoted for it.
    /// </summary>
    [Fact]
    public void Champions_PerBackbone_TheSparsestWinningTicketOfACompletedPruningSearch()
    {
        var spec = new LotteryTicketSpec { Backbones = ["mf", "lightgcn"], Strategies = ["imp", "omp", "random"], Seeds = [3], TicketTolerance = 0.1 };
        var run = new RunRequest("movies-0123456789abcdef", "movies", new RunSpec { Family = ExperimentFamily.LotteryTicket, LotteryTicket = spec, JobDeadline = TimeSpan.FromMinutes(20) },
            "datasets/movies/dataset.json", new JobPolicy(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), 3));
        DenseRound[] dense =
        [
            new("mf", 3, "mf-dense", "runs/movies-0123456789abcdef/jobs/mf-dense/result.json", 0.30, 1),
            new("lightgcn", 3, "lg-dense", "runs/movies-0123456789abcdef/jobs/lg-dense/result.json", 0.31, 1),
        ];
        TicketSearchResult[] searches =
        [
            Search("mf", "imp", SearchState.Completed, winning: 2, (1, 80, 0.30), (2, 64, 0.29)),
            Search("mf", "omp", SearchState.Completed, winning: 3, (3, 51, 0.28)),
            Search("mf", "random", SearchState.Completed, winning: 4, (4, 40, 0.28)),
            Search("lightgcn", "imp", SearchState.Failed, winning: 1, (1, 80, 0.31)),
            Search("lightgcn", "omp", SearchState.Completed, winning: null, (1, 80, 0.10)),
        ];

        var champion = Assert.Single(TicketPromotion.Champions(run, spec, 100, dense, searches, "hash-1", Now));

        Assert.Equal(("movies", "mf", "omp", 3, 51L, 100L), (champion.Dataset, champion.Model, champion.Strategy, champion.Round, champion.NonZeros, champion.TotalEntries));
        Assert.Equal(("movies-0123456789abcdef", "hash-1", 3, Now), (champion.PromotedBy, champion.ContentHash, champion.Seed, champion.PromotedAt));
        Assert.Equal("runs/movies-0123456789abcdef/jobs/movies-0123456789abcdef.mf-omp-s3.r03/result.json", champion.TicketResult);
        Assert.Equal("runs/movies-0123456789abcdef/jobs/mf-dense/result.json", champion.RewindResult);
        Assert.Equal((TimeSpan.FromMinutes(20), 0.1), (champion.JobDeadline, champion.Spec.TicketTolerance));
        Assert.Equal(0.28, champion.Metrics[TrainRoundMetrics.ValidationRecall20]);
    }

    private static TicketSearchResult Search(string backbone, string strategy, SearchState state, int? winning, params (int Round, long NonZeros, double Recall)[] rounds) =>
        new(RecsysJobIds.SearchKey(backbone, strategy, 3), backbone, strategy, 3, state,
            [new SearchRound(0, 100, 0.3), .. rounds.Select(r => new SearchRound(r.Round, r.NonZeros, r.Recall))], StopReason.None, null, rounds.Length, 0, 1, winning);
}
