using Spectre.Console.Testing;
using Workflows.Cli.Rendering;
using Workflows.Contracts;

namespace Workflows.Cli.Tests;

/// <summary>What <c>wf status</c> draws from a status and the jobs' heartbeats, and the ETA it estimates.</summary>
public class RunStatusViewTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private static RunStatus Running(int done, int failed, int total) => new()
    {
        RunId = "lastfm-0123456789abcdef",
        Dataset = "lastfm",
        Family = ExperimentFamily.LotteryTicket,
        State = RunState.Running,
        Phase = "rounds",
        CreatedAt = Created,
        LastUpdatedAt = Created.AddSeconds(90),
        Progress = new RunProgress
        {
            JobsDone = done,
            JobsFailed = failed,
            JobsTotal = total,
            WorkerSeconds = 212.4,
            WorkerSecondsByKind = new Dictionary<string, double> { [JobKinds.RecsysTrainRound] = 200.2, [JobKinds.NoOp] = 12.2 },
            Steps = [new StepProgress { Key = "mf-imp-s5", State = "running", Done = 2, Total = 4, RemainingFraction = 0.64, Metric = 0.2102 }],
        },
    };

    private static JobStatusSummary Job(string id, JobState state, int? epoch, int? totalEpochs, DateTimeOffset? heartbeat = null) => new()
    {
        JobId = id,
        State = state,
        Attempt = 1,
        WorkerId = "worker-1",
        Epoch = epoch,
        TotalEpochs = totalEpochs,
        LastHeartbeat = heartbeat,
        Metrics = new Dictionary<string, double> { ["valRecall20"] = 0.19876, ["loss"] = 0.5 },
    };

    [Fact]
    public void Eta_CountsRunningJobsByTheirEpochs()
    {
        // 3 done + 1 failed + 2/4 epochs of a running job = 4.5 of 10 jobs in 100 s: 5.5 more take 100 × 5.5 / 4.5 s.
        var eta = Eta.Estimate(Running(3, 1, 10), [Job("a", JobState.Running, 2, 4), Job("b", JobState.Succeeded, 4, 4)], Created.AddSeconds(100));

        Assert.Equal(100 * 5.5 / 4.5, eta!.Value.TotalSeconds, precision: 6);
    }

    [Fact]
    public void Eta_NothingProgressedOrRunFinished_IsUnknown()
    {
        Assert.Null(Eta.Estimate(Running(0, 0, 10), [Job("a", JobState.Running, null, null)], Created.AddSeconds(100)));
        Assert.Null(Eta.Estimate(Running(10, 0, 10) with { State = RunState.Completed }, [], Created.AddSeconds(100)));
    }

    [Fact]
    public void Render_ShowsWorkerTimeByKind_Eta_AndEachRunningJobsHeartbeat()
    {
        var console = new TestConsole().Width(200);
        var now = Created.AddSeconds(100);
        var jobs = new[] { Job("lastfm-0123456789abcdef.mf-imp-s5.r02", JobState.Running, 3, 4, now.AddSeconds(-7)), Job("lastfm-0123456789abcdef.mf-s5.r00", JobState.Succeeded, 4, 4) };

        console.Write(RunStatusView.Render(Running(1, 0, 4), jobs, now));

        var lines = console.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("worker time  212 s (platform.no-op 12 s, recsys.train-round 200 s)", lines);
        // 1 job and 3/4 epochs of another = 1.75 of 4 jobs in 100 s: 2.25 more take 100 × 2.25 / 1.75 = 129 s = 2.1 min.
        Assert.Contains(lines, l => l.EndsWith("1.7 min, about 2.1 min to go", StringComparison.Ordinal));
        var row = CliConsole.Row(console.Output, "lastfm-0123456789abcdef.mf-imp-s5.r02");
        Assert.Equal(["3/4", "loss", "0.5000,", "valRecall20", "0.1988", "7", "s", "ago", "worker-1"], row[2..]);
        Assert.DoesNotContain(lines, l => l.Contains("mf-s5.r00", StringComparison.Ordinal));
    }
}
