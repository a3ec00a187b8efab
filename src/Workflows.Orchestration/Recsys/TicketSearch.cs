using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Lottery;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Recsys;

/// <summary>
/// One ticket search (backbone × strategy × seed) after its shared dense round 0: the sparsity levels come from
/// <see cref="SparsitySchedule.Plan"/>; <c>imp</c> and <c>imp-no-rewind</c> run them in sequence (each round prunes the
/// previous round's best checkpoint), <c>omp</c> and <c>random</c> fan them out in level order with at most
/// <see cref="SearchJobSettings.MaxParallelJobs"/> in flight. After every finished round the <see cref="StopRule"/>
/// decides on validation Recall@20 (for parallel levels: on the finished prefix, after which no new level is dispatched).
/// </summary>
/// <remarks>
/// Before each dispatch the search checks the run's cancel marker and its worker-time allowance. A failed round ends the
/// search (rounds already finished are kept for the report). After each round it sends <see cref="SearchProgress"/> to
/// the run orchestration.
/// </remarks>
public sealed class TicketSearch : TaskOrchestrator<TicketSearchInput, TicketSearchResult>
{
    public override async Task<TicketSearchResult> RunAsync(TaskOrchestrationContext context, TicketSearchInput input)
    {
        var spec = input.Spec;
        var levels = SparsitySchedule.Plan(input.TotalEntries, spec.PruningRate, spec.Rounds, spec.TargetRemainingFraction);
        var search = new SearchRun(context, input, levels);
        var rule = new StopRule(spec.StopTolerance, spec.StopAfterRounds, levels[^1].Round, spec.TargetRemainingFraction);
        if (PruningStrategies.IsSequential(input.Strategy))
        {
            await RunSequentialAsync(context, search, rule);
        }
        else
        {
            await RunParallelAsync(context, search, rule);
        }

        var result = search.Result();
        context.CreateReplaySafeLogger<TicketSearch>().SearchFinished(input.RunId, input.Key, result.State.ToString(), result.Rounds.Count - 1, result.StopReason.ToString());
        return result;
    }

    private static async Task RunSequentialAsync(TaskOrchestrationContext context, SearchRun search, StopRule rule)
    {
        foreach (var level in search.Levels.Skip(1))
        {
            if (await search.HaltedBeforeDispatchAsync())
            {
                return;
            }

            var step = await RunRoundAsync(context, search, level);
            if (!search.Record(level, step))
            {
                return;
            }

            search.Stop = rule.Evaluate(search.FinishedPrefix());
            if (search.Stop != StopReason.None)
            {
                return;
            }
        }
    }

    private static async Task RunParallelAsync(TaskOrchestrationContext context, SearchRun search, StopRule rule)
    {
        var inFlight = new Dictionary<Task<JobStepResult>, SparsityLevel>();
        int next = 1;
        while (true)
        {
            while (search.Stop == StopReason.None && !search.Halted && next < search.Levels.Count
                   && inFlight.Count < search.Input.Jobs.MaxParallelJobs && !await search.HaltedBeforeDispatchAsync())
            {
                var level = search.Levels[next++];
                inFlight.Add(RunRoundAsync(context, search, level), level);
            }

            if (inFlight.Count == 0)
            {
                return;
            }

            var finished = await Task.WhenAny(inFlight.Keys);
            var finishedLevel = inFlight[finished];
            inFlight.Remove(finished);
            if (search.Record(finishedLevel, await finished) && search.Stop == StopReason.None)
            {
                var prefix = search.FinishedPrefix();
                // Only a prefix that grew can change the decision; gaps (levels still running) wait.
                if (prefix[^1].Round >= finishedLevel.Round)
                {
                    search.Stop = rule.Evaluate(prefix);
                }
            }
        }
    }

    private static Task<JobStepResult> RunRoundAsync(TaskOrchestrationContext context, SearchRun search, SparsityLevel level)
    {
        var input = search.Input;
        string jobId = RecsysJobIds.SearchRound(input.RunId, input.Key, level.Round);
        var (parameters, inputs) = RoundPlan(search, level);
        var request = new JobRequest(input.RunId, jobId, JobKinds.RecsysTrainRound, inputs, JobMessage.ToParameters(parameters), input.Jobs.Deadline, input.Jobs.Policy,
            input.Generation);
        return context.RunJobAsync(request, SubOrchestrationIds.For(jobId, input.Generation));
    }

    private static (TrainRoundParameters Parameters, Dictionary<string, string> Inputs) RoundPlan(SearchRun search, SparsityLevel level)
    {
        var input = search.Input;
        var inputs = new Dictionary<string, string> { [TrainRoundInputs.Dataset] = input.PreparedDataset };
        var parameters = new TrainRoundParameters
        {
            Backbone = input.Backbone,
            Strategy = input.Strategy,
            Seed = input.Seed,
            Round = level.Round,
            PruningRate = input.Spec.PruningRate,
            TotalEntries = level.TotalEntries,
            TargetNonZeros = level.RemainingEntries,
            InitSeed = input.Seed,
            Training = RecsysTrainingSettings.From(input.Spec),
        };
        switch (input.Strategy)
        {
            case PruningStrategies.Imp:
                inputs[TrainRoundInputs.PruneFrom] = search.ResultPathOf(level.Round - 1);
                inputs[TrainRoundInputs.Rewind] = input.Dense.ResultPath;
                parameters = parameters with { PruneFromRound = level.Round - 1, RewindToRound = 0 };
                break;
            case PruningStrategies.ImpNoRewind:
                inputs[TrainRoundInputs.PruneFrom] = search.ResultPathOf(level.Round - 1);
                parameters = parameters with { PruneFromRound = level.Round - 1 };
                break;
            case PruningStrategies.OneShot:
                inputs[TrainRoundInputs.PruneFrom] = input.Dense.ResultPath;
                inputs[TrainRoundInputs.Rewind] = input.Dense.ResultPath;
                parameters = parameters with { PruneFromRound = 0, RewindToRound = 0 };
                break;
            case PruningStrategies.Random:
                parameters = parameters with { InitSeed = TrainRoundParameters.RandomBaselineInitSeed(input.Seed), MaskSeed = input.Seed };
                break;
            default:
                throw new InvalidOperationException($"unknown pruning strategy '{input.Strategy}'");
        }

        return (parameters, inputs);
    }

    /// <summary>The search's mutable state; replayed deterministically from the orchestration's history.</summary>
    private sealed class SearchRun(TaskOrchestrationContext context, TicketSearchInput input, IReadOnlyList<SparsityLevel> levels)
    {
        private readonly SortedDictionary<int, (SearchRound Round, string ResultPath)> finished = new()
        {
            [0] = (new SearchRound(0, input.TotalEntries, input.Dense.ValidationRecall), input.Dense.ResultPath),
        };

        private SearchStateKind kind = SearchStateKind.Running;
        private int jobsDone;
        private int jobsFailed;
        private double workerSeconds;
        private string? error;

        public TicketSearchInput Input => input;

        public IReadOnlyList<SparsityLevel> Levels => levels;

        public StopReason Stop { get; set; }

        /// <summary>The search cannot go on (a failure, cancellation or spent allowance).</summary>
        public bool Halted => kind != SearchStateKind.Running;

        public string ResultPathOf(int round) => finished[round].ResultPath;

        public async Task<bool> HaltedBeforeDispatchAsync()
        {
            if (kind != SearchStateKind.Running)
            {
                return true;
            }

            if (input.Jobs.WorkerSecondsAllowance is { } allowance && workerSeconds >= allowance)
            {
                Halt(SearchStateKind.BudgetSpent, $"worker-time allowance of {allowance:0} s spent");
                return true;
            }

            if (await context.IsRunCancelledAsync(input.RunId))
            {
                Halt(SearchStateKind.Cancelled, "the run was cancelled");
                return true;
            }

            return false;
        }

        /// <returns>Whether the round succeeded.</returns>
        public bool Record(SparsityLevel level, JobStepResult step)
        {
            workerSeconds += step.WorkerSeconds;
            bool succeeded = step.Succeeded && step.Metrics.TryGetValue(TrainRoundMetrics.ValidationRecall20, out _);
            if (succeeded)
            {
                jobsDone++;
                long nonZeros = step.Metrics.TryGetValue(TrainRoundMetrics.NonZeros, out double reported) ? (long)reported : level.RemainingEntries;
                finished[level.Round] = (new SearchRound(level.Round, nonZeros, step.Metrics[TrainRoundMetrics.ValidationRecall20]), step.ResultPath!);
            }
            else if (step.State == JobStepState.Cancelled)
            {
                Halt(SearchStateKind.Cancelled, $"round {level.Round}: {step.Error}");
            }
            else
            {
                jobsFailed++;
                Halt(SearchStateKind.Failed, step.Succeeded
                    ? $"round {level.Round}: the result has no '{TrainRoundMetrics.ValidationRecall20}' metric"
                    : $"round {level.Round}: {step.Error}");
            }

            context.SendEvent(input.ParentInstanceId, RunEvents.SearchProgress, new SearchProgress(Step(), jobsDone, jobsFailed, workerSeconds));
            return succeeded;
        }

        /// <summary>Round 0 and the finished rounds 1..k with no gap.</summary>
        public IReadOnlyList<RoundMetrics> FinishedPrefix()
        {
            var prefix = new List<RoundMetrics>();
            foreach (var (round, (summary, _)) in finished)
            {
                if (round != prefix.Count)
                {
                    break;
                }

                prefix.Add(Metrics(summary));
            }

            return prefix;
        }

        public TicketSearchResult Result()
        {
            var rounds = finished.Values.Select(f => f.Round).ToList();
            var winning = TicketSelector.Select(rounds.Select(Metrics).ToList(), input.Spec.TicketTolerance).Winning;
            var state = kind switch
            {
                SearchStateKind.Failed => SearchState.Failed,
                SearchStateKind.Cancelled => SearchState.Cancelled,
                SearchStateKind.BudgetSpent => SearchState.BudgetSpent,
                _ => SearchState.Completed,
            };
            return new TicketSearchResult(input.Key, input.Backbone, input.Strategy, input.Seed, state, rounds,
                Stop == StopReason.None && state == SearchState.Completed ? StopReason.RoundsExhausted : Stop,
                error, jobsDone, jobsFailed, workerSeconds, winning?.Round);
        }

        private StepProgress Step()
        {
            var latest = finished.Values.Last().Round;
            return new StepProgress
            {
                Key = input.Key,
                State = kind == SearchStateKind.Running ? "running" : kind.ToString().ToLowerInvariant(),
                Done = finished.Count - 1,
                Total = levels.Count - 1,
                RemainingFraction = (double)latest.NonZeros / input.TotalEntries,
                Metric = latest.ValidationRecall,
            };
        }

        private void Halt(SearchStateKind newKind, string reason)
        {
            kind = newKind;
            error ??= reason;
        }

        private RoundMetrics Metrics(SearchRound round) => new(round.Round, round.NonZeros, input.TotalEntries, round.ValidationRecall);

        private enum SearchStateKind
        {
            Running,
            Failed,
            Cancelled,
            BudgetSpent,
        }
    }
}
