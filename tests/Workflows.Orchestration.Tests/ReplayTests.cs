using DurableTask.Core.History;
using Microsoft.DurableTask;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;
using Workflows.Orchestration.Tests.Replay;
using Workflows.Orchestration.Tests.Support;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Orchestration.Tests;

/// <summary>
/// Determinism guard: a recorded run (MF, <c>imp</c> and <c>random</c>, 2 rounds) must replay against the current code.
/// A failure here means an orchestration change would break instances in flight; if the change is deliberate,
/// re-record (see <see cref="RecordedHistories"/>).
/// </summary>
public sealed class ReplayTests(ITestOutputHelper output)
{
    private const string SmallRun = "lottery-ticket-run";

    [Fact]
    public async Task Replay_RecordedLotteryTicketRun_EveryInstanceReplaysToItsRecordedOutcome()
    {
        if (RecordedHistories.Recording)
        {
            await RecordSmallRunAsync();
        }

        var histories = RecordedHistories.Load(SmallRun);

        var names = histories.Values.Select(h => h.OfType<ExecutionStartedEvent>().Single().Name).ToList();
        Assert.Equal(1, names.Count(n => n == nameof(LotteryTicketRun)));
        Assert.Equal(2, names.Count(n => n == nameof(TicketSearch)));
        Assert.Equal(5, names.Count(n => n == nameof(RunJob)));
        Assert.All(histories, h => Assert.Null(HistoryReplayer.FindNonDeterminism(h.Value)));
    }

    [Fact]
    public void Replay_RunCodeWithAnInsertedActivity_IsReportedAsNonDeterministic()
    {
        var run = RunHistory(RecordedHistories.Load(SmallRun));

        string? problem = HistoryReplayer.FindNonDeterminism(run, new RunWithAnExtraCancelCheck());

        Assert.NotNull(problem);
        output.WriteLine(problem);
        Assert.Contains("named 'ValidateRun', but the current orchestration replay instead scheduled an activity task named 'IsRunCancelled'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_HistoryNamingAnotherActivity_IsReportedAsNonDeterministic()
    {
        var run = RunHistory(RecordedHistories.Load(SmallRun));
        var validate = run.OfType<TaskScheduledEvent>().First(e => e.Name == nameof(ValidateRun));
        run[run.IndexOf(validate)] = new TaskScheduledEvent(validate.EventId, nameof(WriteRunSpec), validate.Version, validate.Input);

        string? problem = HistoryReplayer.FindNonDeterminism(run);

        Assert.NotNull(problem);
        output.WriteLine(problem);
        Assert.Contains("named 'WriteRunSpec', but the current orchestration replay instead scheduled an activity task named 'ValidateRun'", problem, StringComparison.Ordinal);
    }

    private static List<HistoryEvent> RunHistory(Dictionary<string, List<HistoryEvent>> histories) =>
        histories.Values.Single(h => h.OfType<ExecutionStartedEvent>().Single().Name == nameof(LotteryTicketRun));

    private async Task RecordSmallRunAsync()
    {
        var histories = await StandaloneEngineRecorder.RecordAsync(output, "replay", OrchestrationHarness.SmallSpec("\"imp\", \"random\"", rounds: 2),
            TestTimeouts.After(TimeSpan.FromMinutes(2)));
        RecordedHistories.Save(SmallRun, histories);
    }

    /// <summary><see cref="LotteryTicketRun"/> as if someone added a cancel check before validation.</summary>
    private sealed class RunWithAnExtraCancelCheck : TaskOrchestrator<RunRequest, RunOutcome>
    {
        public override async Task<RunOutcome> RunAsync(TaskOrchestrationContext context, RunRequest input)
        {
            await context.CallActivityAsync<bool>(nameof(IsRunCancelled), input.RunId);
            return await new LotteryTicketRun().RunAsync(context, input);
        }
    }
}
