using System.Security.Cryptography;
using System.Text;
using Workflows.Contracts;
using Workflows.Lottery;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;
using Workflows.Orchestration.Tests.Support;
using Xunit.Abstractions;

namespace Workflows.Orchestration.Tests;

public sealed class LotteryTicketRunTests(ITestOutputHelper output) : IAsyncLifetime
{
    private OrchestrationHarness harness = null!;

    public async Task InitializeAsync() => harness = await OrchestrationHarness.StartAsync(output);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task StartFromManifestAsync_SmallImpAndRandomStudy_CompletesWithExactScheduleAndReport()
    {
        harness.Workers.Script = (_, p) => new WorkerReply.Succeed(p.Round switch { 0 => 0.20, 1 => 0.21, _ => 0.195 });
        harness.UploadDataset("toy", OrchestrationHarness.Manifest("toy", OrchestrationHarness.SmallSpec("\"imp\", \"random\"", rounds: 2)), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("toy", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.True(started.Created);
        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(RunPhases.Done, status.Phase);
        Assert.Equal(5, status.Progress.JobsDone);
        Assert.Equal(5, status.Progress.JobsTotal);
        Assert.Equal(0, status.Progress.JobsFailed);
        Assert.Equal(50, status.Progress.WorkerSeconds, precision: 6);
        Assert.Equal(50, Assert.Single(status.Progress.WorkerSecondsByKind, k => k.Key == JobKinds.RecsysTrainRound).Value, precision: 6);
        Assert.Equal($"/api/runs/{started.RunId}/report", status.Links["report"]);
        Assert.True(harness.Blobs.Exists(BlobLayout.Spec(started.RunId)));

        // 10 users + 10 items, d = 4: 80 entries; round 1 removes ⌊0.1·80⌉ = 8 (72 left), round 2 ⌊7.2⌉ = 7 (65 left).
        var messages = harness.Workers.Dispatched.ToDictionary(m => m.JobId);
        Assert.Equal(5, messages.Count);
        Assert.All(messages.Values, m => Assert.Equal(1, m.Attempt));
        string dense = RecsysJobIds.DenseRound(started.RunId, "mf", 7);
        string imp1 = RecsysJobIds.SearchRound(started.RunId, "mf-imp-s7", 1);
        string imp2 = RecsysJobIds.SearchRound(started.RunId, "mf-imp-s7", 2);
        string random2 = RecsysJobIds.SearchRound(started.RunId, "mf-random-s7", 2);
        Assert.Equal(80, messages[dense].ParametersAs<TrainRoundParameters>().TargetNonZeros);
        Assert.Equal(72, messages[imp1].ParametersAs<TrainRoundParameters>().TargetNonZeros);
        Assert.Equal(65, messages[imp2].ParametersAs<TrainRoundParameters>().TargetNonZeros);
        Assert.Equal(65, messages[random2].ParametersAs<TrainRoundParameters>().TargetNonZeros);
        Assert.Equal(BlobLayout.JobResult(started.RunId, imp1).ToString(), messages[imp2].Inputs[TrainRoundInputs.PruneFrom]);
        Assert.Equal(BlobLayout.JobResult(started.RunId, dense).ToString(), messages[imp2].Inputs[TrainRoundInputs.Rewind]);
        var random = messages[random2].ParametersAs<TrainRoundParameters>();
        Assert.Equal(TrainRoundParameters.RandomBaselineInitSeed(7), random.InitSeed);
        Assert.Equal(7, random.MaskSeed);
        Assert.False(messages[random2].Inputs.ContainsKey(TrainRoundInputs.PruneFrom));

        var report = Assert.Single(harness.Reports.Written);
        Assert.Equal(RunState.Completed, report.State);
        Assert.Equal(["mf-imp-s7", "mf-random-s7"], report.Searches.Select(s => s.Key));
        Assert.All(report.Searches, s => Assert.Equal([0, 1, 2], s.Rounds.Select(r => r.Round)));
        Assert.All(report.Searches, s => Assert.Equal(StopReason.RoundsExhausted, s.StopReason));
        // Tolerance 0: round 1 (0.21 ≥ 0.20) is a ticket, round 2 (0.195) is not.
        Assert.All(report.Searches, s => Assert.Equal(1, s.WinningRound));
        Assert.Equal([80L, 72L, 65L], report.Searches[0].Rounds.Select(r => r.NonZeros));
    }

    [Fact]
    public async Task StartFromManifestAsync_SameManifestTwice_StartsOneRun()
    {
        harness.UploadDataset("twice", OrchestrationHarness.Manifest("twice", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 1)), "train.txt", "test.txt");

        var first = await harness.Runs.StartFromManifestAsync("twice", CancellationToken.None);
        var second = await harness.Runs.StartFromManifestAsync("twice", CancellationToken.None);
        await harness.WaitForEndAsync(first.RunId);
        var third = await harness.Runs.StartFromManifestAsync("twice", CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.False(third.Created);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(first.RunId, third.RunId);
        Assert.Equal(2, harness.Workers.Dispatched.Count);
    }

    [Fact]
    public async Task StartFromManifestAsync_ReplacedDataFile_StartsANewRun()
    {
        harness.UploadDataset("replaced", OrchestrationHarness.Manifest("replaced", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 1)), "train.txt", "test.txt");
        var first = await harness.Runs.StartFromManifestAsync("replaced", CancellationToken.None);
        harness.Blobs.Put(BlobLayout.DatasetFile("replaced", "train.txt"), Encoding.UTF8.GetBytes("0 9\n"));

        var second = await harness.Runs.StartFromManifestAsync("replaced", CancellationToken.None);

        Assert.True(second.Created);
        Assert.NotEqual(first.RunId, second.RunId);
    }

    [Fact]
    public async Task StartFromManifestAsync_MalformedManifest_FailsFastNamingEveryFieldAndDispatchesNothing()
    {
        const string manifest = """{ "name": "Bad Name", "kind": "recsys", "files": [ { "path": "../x.txt", "role": "train" } ] }""";
        harness.UploadDataset("bad", manifest);

        var started = await harness.Runs.StartFromManifestAsync("bad", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        string manifestHash = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(manifest)));
        Assert.Equal(Identifiers.RunId("bad", RunSpec.DefaultFor(DatasetKind.Recsys), [new FileFingerprint("dataset.json", manifestHash)]), started.RunId);
        Assert.Equal(RunState.Failed, status.State);
        Assert.Equal(RunPhases.Rejected, status.Phase);
        string error = Assert.Single(status.Errors);
        Assert.Contains("datasets/bad/dataset.json", error);
        Assert.Contains("name:", error);
        Assert.Contains("files[0].path:", error);
        Assert.Empty(harness.Workers.Dispatched);
    }

    [Fact]
    public async Task StartFromManifestAsync_MissingDataFile_FailsFastNamingTheFile()
    {
        harness.UploadDataset("partial", OrchestrationHarness.Manifest("partial", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 1)), "train.txt");

        var started = await harness.Runs.StartFromManifestAsync("partial", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains(status.Errors, e => e.Contains("datasets/partial/test.txt", StringComparison.Ordinal) && e.Contains("does not exist", StringComparison.Ordinal));
        Assert.Empty(harness.Workers.Dispatched);
        Assert.False(harness.Blobs.Exists(BlobLayout.Spec(started.RunId)));
    }

    [Fact]
    public async Task StartFromManifestAsync_ManualTrigger_StartsNothing()
    {
        harness.UploadDataset("manual", OrchestrationHarness.Manifest("manual", trigger: "manual"), "train.txt", "test.txt");

        var result = await harness.Runs.StartFromManifestAsync("manual", CancellationToken.None);

        Assert.False(result.Created);
        Assert.NotNull(result.NotStartedBecause);
        Assert.Null(await harness.Runs.GetStatusAsync(result.RunId, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_SameIdempotencyKeyTwice_YieldsOneRun()
    {
        harness.UploadDataset("keyed", OrchestrationHarness.Manifest("keyed"), "train.txt", "test.txt");
        var spec = RunSpec.Parse(Encoding.UTF8.GetBytes(OrchestrationHarness.SmallSpec("\"omp\"", rounds: 1)), "spec");

        var first = await harness.Runs.StartAsync(new Application.StartRunRequest("keyed", spec, IdempotencyKey: "k-1"), CancellationToken.None);
        var second = await harness.Runs.StartAsync(new Application.StartRunRequest("keyed", spec, IdempotencyKey: "k-1"), CancellationToken.None);
        var forced = await harness.Runs.StartAsync(new Application.StartRunRequest("keyed", spec, IdempotencyKey: "k-1", Force: true), CancellationToken.None);

        Assert.Equal(Identifiers.RunIdForIdempotencyKey("keyed", "k-1"), first.RunId);
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.RunId, second.RunId);
        Assert.True(forced.Created);
        Assert.NotEqual(first.RunId, forced.RunId);
    }

    [Fact]
    public async Task StartAsync_UnknownBackboneInSpec_ThrowsNamingTheField()
    {
        harness.UploadDataset("badspec", OrchestrationHarness.Manifest("badspec"), "train.txt", "test.txt");
        var spec = new RunSpec { Family = ExperimentFamily.LotteryTicket, LotteryTicket = new LotteryTicketSpec { Backbones = ["mf", "transformer"] } };

        var error = await Assert.ThrowsAsync<ContractValidationException>(() =>
            harness.Runs.StartAsync(new Application.StartRunRequest("badspec", spec), CancellationToken.None));

        Assert.Contains(error.Errors, e => e.Field == "lotteryTicket.backbones[1]");
        Assert.Empty(harness.Workers.Dispatched);
    }

    [Fact]
    public async Task CancelAsync_WhileJobsAreSilent_EndsCancelledAndWritesTheMarker()
    {
        harness.Workers.Script = (_, _) => new WorkerReply.Silent();
        harness.UploadDataset("cancel", OrchestrationHarness.Manifest("cancel", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 3)), "train.txt", "test.txt");
        var started = await harness.Runs.StartFromManifestAsync("cancel", CancellationToken.None);
        await harness.WaitForAsync(started.RunId, s => s.Phase == RunPhases.Dense);

        var accepted = await harness.Runs.CancelAsync(started.RunId, CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);
        var again = await harness.Runs.CancelAsync(started.RunId, CancellationToken.None);

        Assert.Equal(Application.RunCommandResult.Accepted, accepted);
        Assert.Equal(RunState.Cancelled, status.State);
        Assert.Equal(RunPhases.Cancelled, status.Phase);
        Assert.True(harness.Blobs.Exists(BlobLayout.CancelMarker(started.RunId)));
        Assert.Empty(status.Errors);
        Assert.Equal(0, status.Progress.JobsFailed);
        Assert.Equal(Application.RunCommandResult.NotApplicable, again);
        Assert.Equal(Application.RunCommandResult.NotFound, await harness.Runs.CancelAsync("nope-0000", CancellationToken.None));
    }

    [Fact]
    public async Task RunJob_FirstAttemptLost_RedispatchesOnceAndCompletes()
    {
        harness.Workers.Script = (message, _) => message.Attempt == 1 ? new WorkerReply.Silent() : new WorkerReply.Succeed(0.2);
        harness.UploadDataset("lost", OrchestrationHarness.Manifest("lost", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 0)), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("lost", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.Completed, status.State);
        var attempts = harness.Workers.Dispatched.Where(m => m.JobId == RecsysJobIds.DenseRound(started.RunId, "mf", 7)).ToList();
        Assert.Equal([1, 2], attempts.Select(m => m.Attempt));
        Assert.Equal(2, attempts.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task RunJob_EveryAttemptLost_FailsTheRunAfterTheConfiguredAttempts()
    {
        harness.Workers.Script = (_, _) => new WorkerReply.Silent();
        harness.UploadDataset("gone", OrchestrationHarness.Manifest("gone", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 0)), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("gone", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.Failed, status.State);
        Assert.Equal(2, harness.Workers.Dispatched.Count);
        Assert.Contains(status.Errors, e => e.Contains("no outcome after 2 dispatch attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LotteryTicketRun_OneSearchFails_CompletesWithFailuresAndNamesTheError()
    {
        harness.Workers.Script = (_, p) => p is { Strategy: "random", Round: 1 } ? new WorkerReply.Fail("CUDA out of memory") : new WorkerReply.Succeed(0.2);
        harness.UploadDataset("partly", OrchestrationHarness.Manifest("partly", OrchestrationHarness.SmallSpec("\"imp\", \"random\"", rounds: 2)), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("partly", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.CompletedWithFailures, status.State);
        Assert.Contains(status.Errors, e => e.StartsWith("mf-random-s7: round 1: CUDA out of memory", StringComparison.Ordinal));
        Assert.Equal(1, status.Progress.JobsFailed);
        var report = Assert.Single(harness.Reports.Written);
        Assert.Equal(SearchState.Completed, report.Searches.Single(s => s.Strategy == "imp").State);
        Assert.Equal(SearchState.Failed, report.Searches.Single(s => s.Strategy == "random").State);
    }

    /// <summary>
    /// A 15 s worker-time budget, searches one at a time, every job 10 s of worker time: the dense round (10 s) and the imp
    /// search's round (allowance 2.5 s, so it dispatches one job: 20 s spent) run; the random search never dispatches. The run
    /// ends completed-with-failures with a report of what ran and the budget as the reason.
    /// </summary>
    [Fact]
    public async Task LotteryTicketRun_WorkerTimeBudgetSpent_StopsDispatchAndCompletesWithFailures()
    {
        harness.Workers.Script = (_, _) => new WorkerReply.Succeed(0.2);
        const string spec = """
            { "family": "lottery-ticket", "maxConcurrentJobs": 1, "workerTimeBudget": "00:00:15",
              "lotteryTicket": { "backbones": ["mf"], "strategies": ["imp", "random"], "seeds": [7], "rounds": 1, "embeddingSize": 4 } }
            """;
        harness.UploadDataset("budget", OrchestrationHarness.Manifest("budget", spec), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("budget", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.CompletedWithFailures, status.State);
        Assert.Equal(["mf-random-s7: the run's worker-time budget of 15 s was spent"], status.Errors);
        Assert.Equal((2, 0, 20.0), (status.Progress.JobsDone, status.Progress.JobsFailed, status.Progress.WorkerSeconds));
        Assert.Equal(
            [RecsysJobIds.DenseRound(started.RunId, "mf", 7), RecsysJobIds.SearchRound(started.RunId, RecsysJobIds.SearchKey("mf", "imp", 7), 1)],
            harness.Workers.Dispatched.Select(m => m.JobId));
        var report = Assert.Single(harness.Reports.Written);
        Assert.Equal([("mf-imp-s7", SearchState.Completed), ("mf-random-s7", SearchState.Skipped)], report.Searches.Select(s => (s.Key, s.State)));
    }

    /// <summary>Every round scores 0.2, so round 1 matches dense and is MF's winning ticket: exported, then pointed at.</summary>
    [Fact]
    public async Task LotteryTicketRun_Completed_PromotesTheWinningTicketUnderModels()
    {
        harness.Workers.Script = (_, _) => new WorkerReply.Succeed(0.2);
        harness.UploadDataset("promoted", OrchestrationHarness.Manifest("promoted", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 1)), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("promoted", CancellationToken.None);
        Assert.Equal(RunState.Completed, (await harness.WaitForEndAsync(started.RunId)).State);

        var path = BlobLayout.ModelPointer("promoted", "mf");
        var pointer = ModelPointer.Parse(harness.Blobs.Read(path), path.ToString());
        Assert.Equal((started.RunId, "imp", 1, 72L, 80L), (pointer.PromotedBy, pointer.Strategy, pointer.Round, pointer.NonZeros, pointer.TotalEntries));
        Assert.Equal(BlobLayout.ModelTicket("promoted", "mf", started.RunId).ToString(), pointer.Ticket);
        Assert.Equal(BlobLayout.JobResult(started.RunId, RecsysJobIds.SearchRound(started.RunId, RecsysJobIds.SearchKey("mf", "imp", 7), 1)).ToString(), pointer.TicketResult);
        Assert.Equal(BlobLayout.JobResult(started.RunId, RecsysJobIds.DenseRound(started.RunId, "mf", 7)).ToString(), pointer.RewindResult);
    }

    [Fact]
    public async Task RetryAsync_PartlyFailedRun_RerunsOnlyTheFailedJobWithTheNextAttemptAndCompletes()
    {
        bool broken = true;
        harness.Workers.Script = (_, p) => broken && p is { Strategy: "random", Round: 1 } ? new WorkerReply.Fail("CUDA out of memory") : new WorkerReply.Succeed(0.2);
        harness.UploadDataset("retried", OrchestrationHarness.Manifest("retried", OrchestrationHarness.SmallSpec("\"imp\", \"random\"", rounds: 1)), "train.txt", "test.txt");
        var started = await harness.Runs.StartFromManifestAsync("retried", CancellationToken.None);
        Assert.Equal(RunState.CompletedWithFailures, (await harness.WaitForEndAsync(started.RunId)).State);
        int dispatchedBefore = harness.Workers.Dispatched.Count;

        broken = false;
        var retry = await harness.Runs.RetryAsync(started.RunId, CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(Application.RunCommandResult.Accepted, retry);
        Assert.Equal(RunState.Completed, status.State);
        Assert.Empty(status.Errors);
        var redispatched = harness.Workers.Dispatched.Skip(dispatchedBefore).ToList();
        string failedJob = RecsysJobIds.SearchRound(started.RunId, RecsysJobIds.SearchKey("mf", "random", 7), 1);
        Assert.Equal([(failedJob, 2, 2)], redispatched.Select(m => (m.JobId, m.Attempt, m.FirstAttempt)));
        Assert.Equal(Application.RunCommandResult.NotApplicable, await harness.Runs.RetryAsync(started.RunId, CancellationToken.None));
        Assert.Equal(Application.RunCommandResult.NotFound, await harness.Runs.RetryAsync("nope-0000", CancellationToken.None));
    }

    [Fact]
    public async Task LotteryTicketRun_FailFastAndASearchFails_EndsFailed()
    {
        harness.Workers.Script = (_, p) => p is { Strategy: "imp", Round: 1 } ? new WorkerReply.Fail("boom") : new WorkerReply.Succeed(0.2);
        harness.UploadDataset("fast", OrchestrationHarness.Manifest("fast", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 2, extra: ", \"failFast\": true")), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("fast", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains(status.Errors, e => e.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TicketSearch_ValidationBelowDenseForTwoRounds_StopsEarly()
    {
        harness.Workers.Script = (_, p) => new WorkerReply.Succeed(p.Round == 0 ? 0.20 : 0.10);
        harness.UploadDataset("stop", OrchestrationHarness.Manifest("stop", OrchestrationHarness.SmallSpec("\"imp\"", rounds: 6)), "train.txt", "test.txt");

        var started = await harness.Runs.StartFromManifestAsync("stop", CancellationToken.None);
        var status = await harness.WaitForEndAsync(started.RunId);

        Assert.Equal(RunState.Completed, status.State);
        var search = Assert.Single(Assert.Single(harness.Reports.Written).Searches);
        Assert.Equal(StopReason.BelowDense, search.StopReason);
        Assert.Equal([0, 1, 2], search.Rounds.Select(r => r.Round));
        Assert.Null(search.WinningRound);
        Assert.Equal(3, harness.Workers.Dispatched.Count);
    }

    [Fact]
    public async Task RunJob_ResultAlreadyStored_ReusesItWithoutDispatching()
    {
        harness.UploadDataset("reuse", OrchestrationHarness.Manifest("reuse", OrchestrationHarness.SmallSpec("\"omp\"", rounds: 1)), "train.txt", "test.txt");
        var spec = RunSpec.Parse(Encoding.UTF8.GetBytes(OrchestrationHarness.SmallSpec("\"omp\"", rounds: 1)), "spec");
        string runId = Identifiers.RunIdForIdempotencyKey("reuse", "again");
        string dense = RecsysJobIds.DenseRound(runId, "mf", 7);
        var stored = new JobResult
        {
            JobId = dense, RunId = runId, Kind = JobKinds.RecsysTrainRound, Attempt = 1, WorkerId = "earlier",
            Metrics = new Dictionary<string, double> { [TrainRoundMetrics.ValidationRecall20] = 0.3 },
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(7),
        };
        harness.Blobs.Put(BlobLayout.JobResult(runId, dense), ContractJson.SerializeToUtf8Bytes(stored));

        await harness.Runs.StartAsync(new Application.StartRunRequest("reuse", spec, IdempotencyKey: "again"), CancellationToken.None);
        var status = await harness.WaitForEndAsync(runId);

        Assert.Equal(RunState.Completed, status.State);
        Assert.DoesNotContain(harness.Workers.Dispatched, m => m.JobId == dense);
        Assert.Single(harness.Workers.Dispatched);
        Assert.Equal(2, status.Progress.JobsDone);
        Assert.Equal(17, status.Progress.WorkerSeconds, precision: 6);
    }
}
