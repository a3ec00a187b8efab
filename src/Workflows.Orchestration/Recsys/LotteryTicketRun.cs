using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Recsys;

/// <summary>
/// A lottery-ticket run (instance id = run id): validate (nothing is dispatched for a bad manifest or spec) → store the
/// spec → prepare the dataset → train the dense round 0 once per (backbone, seed) → fan out one <see cref="TicketSearch"/>
/// per (backbone × strategy × seed) → fan in → report → promote each backbone's winning ticket
/// (<see cref="TicketPromotion"/>) → delete the checkpoints of a completed run (unless <see cref="RunSpec.KeepCheckpoints"/>).
/// </summary>
/// <remarks>
/// <para>Concurrency: at most <c>min(searches, maxConcurrentJobs)</c> searches run at once and each may keep
/// <c>maxConcurrentJobs / that</c> jobs in flight, so the run never has more than <see cref="RunSpec.MaxConcurrentJobs"/>
/// jobs in flight.</para>
/// <para>Budget: when <see cref="RunSpec.WorkerTimeBudget"/> is set, no search starts once it is spent, and each search
/// starts with an even share of what remains among the searches not yet started (unused shares flow to later searches).</para>
/// <para>Cancellation: the <see cref="RunEvents.Cancel"/> event (raised after the cancel marker is written) stops
/// dispatching at once; running searches see the marker at their next check and wind down.</para>
/// <para>Partial failure: a failed search makes the run <see cref="RunState.CompletedWithFailures"/>, or
/// <see cref="RunState.Failed"/> at once when <see cref="RunSpec.FailFast"/> is set or nothing succeeded.</para>
/// <para>Custom status: <see cref="RunProgress"/>, bounded by <see cref="RunProgressStatus.Bounded"/>.</para>
/// </remarks>
public sealed class LotteryTicketRun : TaskOrchestrator<RunRequest, RunOutcome>
{
    public override async Task<RunOutcome> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        var run = new RunTracker(context, input);
        if (input.RejectedBecause is { Count: > 0 } rejected)
        {
            return run.End(RunState.Failed, RunPhases.Rejected, rejected);
        }

        run.EnterPhase(RunPhases.Validating);
        var validation = await context.ValidateRunAsync(input);
        if (!validation.IsValid)
        {
            return run.End(RunState.Failed, RunPhases.Rejected, validation.Errors);
        }

        await context.WriteRunSpecAsync(input);
        var spec = input.Spec.LotteryTicket ?? new LotteryTicketSpec();
        run.EnterPhase(RunPhases.Preparing);
        var prepareTask = context.PrepareRecsysDatasetAsync(new PrepareRequest(input.RunId, input.ManifestPath, spec));
        if (await Task.WhenAny(prepareTask, run.Cancellation) != prepareTask)
        {
            return await run.FinishAsync(RunState.Cancelled, null, spec);
        }

        PreparedRecsysDataset prepared;
        try
        {
            prepared = await prepareTask;
        }
        catch (TaskFailedException ex)
        {
            return run.End(RunState.Failed, RunPhases.Failed, [$"prepare: {ex.FailureDetails.ErrorMessage}"]);
        }

        long totalEntries = (long)(prepared.Users + prepared.Items) * spec.EmbeddingSize;
        var searches = Plan(input, spec, totalEntries);
        run.Plan(searches.Select(s => s.Key).ToList(), DensePairs(spec).Count() + searches.Sum(s => s.Levels));

        run.EnterPhase(RunPhases.Dense);
        if (!await TrainDenseRoundsAsync(context, run, input, spec, prepared))
        {
            return await run.FinishAsync(RunState.Cancelled, prepared, spec);
        }

        run.EnterPhase(RunPhases.Searching);
        var halt = await RunSearchesAsync(context, run, input, spec, prepared, totalEntries, searches);
        return await run.FinishAsync(halt, prepared, spec);
    }

    private static IEnumerable<(string Backbone, int Seed)> DensePairs(LotteryTicketSpec spec) =>
        spec.Backbones.SelectMany(backbone => spec.Seeds.Select(seed => (backbone, seed)));

    private static List<PlannedSearch> Plan(RunRequest input, LotteryTicketSpec spec, long totalEntries)
    {
        int levels = Lottery.SparsitySchedule.Plan(totalEntries, spec.PruningRate, spec.Rounds, spec.TargetRemainingFraction).Count - 1;
        return (from backbone in spec.Backbones
                from strategy in spec.Strategies
                from seed in spec.Seeds
                select new PlannedSearch(RecsysJobIds.SearchKey(backbone, strategy, seed), backbone, strategy, seed, levels)).ToList();
    }

    /// <returns>False when the run was cancelled meanwhile.</returns>
    private static async Task<bool> TrainDenseRoundsAsync(
        TaskOrchestrationContext context, RunTracker run, RunRequest input, LotteryTicketSpec spec, PreparedRecsysDataset prepared)
    {
        var pending = new Queue<(string Backbone, int Seed)>(DensePairs(spec));
        var inFlight = new Dictionary<Task<JobStepResult>, (string Backbone, int Seed)>();
        long totalEntries = (long)(prepared.Users + prepared.Items) * spec.EmbeddingSize;
        while (pending.Count > 0 || inFlight.Count > 0)
        {
            while (pending.Count > 0 && inFlight.Count < input.Spec.MaxConcurrentJobs)
            {
                var (backbone, seed) = pending.Dequeue();
                inFlight.Add(RunDenseJobAsync(context, input, spec, prepared, totalEntries, backbone, seed), (backbone, seed));
            }

            var finished = await Task.WhenAny([.. inFlight.Keys, run.Cancellation]);
            if (finished == run.Cancellation)
            {
                return false;
            }

            var task = (Task<JobStepResult>)finished;
            var pair = inFlight[task];
            inFlight.Remove(task);
            var step = await task;
            // The worker saw the cancel marker before the cancel event reached the run: the run was cancelled, nothing failed.
            if (step.State == JobStepState.Cancelled)
            {
                return false;
            }

            run.RecordDense(pair.Backbone, pair.Seed, step);
        }

        return true;
    }

    private static Task<JobStepResult> RunDenseJobAsync(
        TaskOrchestrationContext context, RunRequest input, LotteryTicketSpec spec, PreparedRecsysDataset prepared, long totalEntries, string backbone, int seed)
    {
        string jobId = RecsysJobIds.DenseRound(input.RunId, backbone, seed);
        var parameters = new TrainRoundParameters
        {
            Backbone = backbone,
            Seed = seed,
            Round = 0,
            PruningRate = spec.PruningRate,
            TotalEntries = totalEntries,
            TargetNonZeros = totalEntries,
            InitSeed = seed,
            Training = RecsysTrainingSettings.From(spec),
        };
        var request = new JobRequest(input.RunId, jobId, JobKinds.RecsysTrainRound,
            new Dictionary<string, string> { [TrainRoundInputs.Dataset] = prepared.DatasetBlob },
            JobMessage.ToParameters(parameters), input.Spec.JobDeadline, input.Jobs, input.Generation);
        return context.RunJobAsync(request, SubOrchestrationIds.For(jobId, input.Generation));
    }

    /// <returns>Why dispatching stopped early, or <see cref="RunState.Completed"/> when every search ran.</returns>
    private static async Task<RunState> RunSearchesAsync(
        TaskOrchestrationContext context, RunTracker run, RunRequest input, LotteryTicketSpec spec, PreparedRecsysDataset prepared, long totalEntries, List<PlannedSearch> searches)
    {
        int maxSearches = Math.Min(searches.Count, input.Spec.MaxConcurrentJobs);
        int jobsPerSearch = Math.Max(1, input.Spec.MaxConcurrentJobs / maxSearches);
        var pending = new Queue<PlannedSearch>(searches);
        var inFlight = new Dictionary<Task<TicketSearchResult>, PlannedSearch>();
        var progress = context.WaitForExternalEvent<SearchProgress>(RunEvents.SearchProgress);
        var halt = RunState.Completed;
        while (halt == RunState.Completed && (pending.Count > 0 || inFlight.Count > 0))
        {
            while (pending.Count > 0 && inFlight.Count < maxSearches)
            {
                var search = pending.Dequeue();
                if (run.SkipReason(search) is { } reason)
                {
                    run.RecordSearch(Skipped(search, reason), isError: true);
                    continue;
                }

                var searchInput = new TicketSearchInput(input.RunId, search.Key, search.Backbone, search.Strategy, search.Seed, spec, prepared.DatasetBlob,
                    totalEntries, run.DenseOf(search.Backbone, search.Seed)!,
                    new SearchJobSettings(input.Spec.JobDeadline, input.Jobs, jobsPerSearch, run.AllowanceForNextSearch(pending.Count + 1)),
                    context.InstanceId, input.Generation);
                inFlight.Add(context.TicketSearchAsync(searchInput, SubOrchestrationIds.For(Identifiers.JobId(input.RunId, search.Key), input.Generation)), search);
            }

            if (inFlight.Count == 0)
            {
                break;
            }

            var finished = await Task.WhenAny([.. inFlight.Keys, progress, run.Cancellation]);
            if (finished == run.Cancellation)
            {
                halt = RunState.Cancelled;
            }
            else if (finished == progress)
            {
                run.RecordProgress(await progress);
                progress = context.WaitForExternalEvent<SearchProgress>(RunEvents.SearchProgress);
            }
            else
            {
                var task = (Task<TicketSearchResult>)finished;
                var search = inFlight[task];
                inFlight.Remove(task);
                var result = await RecoverAsync(task, search);
                run.RecordSearch(result, isError: result.State != SearchState.Cancelled);
                if (result.State == SearchState.Failed && input.Spec.FailFast)
                {
                    halt = RunState.Failed;
                }
            }
        }

        string because = halt == RunState.Cancelled ? "the run was cancelled" : "fail-fast: a search failed";
        foreach (var search in pending.Concat(inFlight.Values))
        {
            run.RecordSearch(Skipped(search, because), isError: halt != RunState.Cancelled);
        }

        return halt;
    }

    /// <summary>A search orchestration that crashed (a bug, not a job failure) counts as a failed search.</summary>
    private static async Task<TicketSearchResult> RecoverAsync(Task<TicketSearchResult> task, PlannedSearch search)
    {
        try
        {
            return await task;
        }
        catch (TaskFailedException ex)
        {
            return Skipped(search, $"the search orchestration failed: {ex.FailureDetails.ErrorMessage}") with { State = SearchState.Failed };
        }
    }

    private static TicketSearchResult Skipped(PlannedSearch search, string reason) =>
        new(search.Key, search.Backbone, search.Strategy, search.Seed, SearchState.Skipped, [], Lottery.StopReason.None, reason, 0, 0, 0, null);

    private sealed record PlannedSearch(string Key, string Backbone, string Strategy, int Seed, int Levels);

    /// <summary>The run's progress and results so far; writes the bounded custom status on every change.</summary>
    private sealed class RunTracker
    {
        private readonly TaskOrchestrationContext context;
        private readonly RunRequest input;
        private readonly DateTimeOffset startedAt;
        private readonly Dictionary<(string Backbone, int Seed), DenseRound> dense = [];
        private readonly Dictionary<(string Backbone, int Seed), string> denseFailures = [];
        private readonly Dictionary<string, SearchProgress> searchProgress = [];
        private readonly List<TicketSearchResult> searches = [];
        private readonly List<string> errors = [];
        private IReadOnlyList<string> stepKeys = [];
        private RunProgress progress = new() { Phase = RunPhases.Pending };
        private int denseDone;
        private int denseFailed;
        private double denseSeconds;

        public RunTracker(TaskOrchestrationContext context, RunRequest input)
        {
            this.context = context;
            this.input = input;
            startedAt = context.CurrentUtcDateTime;
            Cancellation = context.WaitForExternalEvent<string>(RunEvents.Cancel);
        }

        /// <summary>Completes when the cancel event arrives; raced against every long wait.</summary>
        public Task<string> Cancellation { get; }

        private double WorkerSeconds => denseSeconds + searchProgress.Values.Sum(p => p.WorkerSeconds);

        public void EnterPhase(string phase) => Publish(progress with { Phase = phase });

        public void Plan(IReadOnlyList<string> searchKeys, int jobsTotal)
        {
            stepKeys = searchKeys;
            Publish(progress with { JobsTotal = jobsTotal, Steps = searchKeys.Select(key => new StepProgress { Key = key }).ToList() });
        }

        public void RecordDense(string backbone, int seed, JobStepResult step)
        {
            denseSeconds += step.WorkerSeconds;
            if (step.Succeeded && step.Metrics.TryGetValue(TrainRoundMetrics.ValidationRecall20, out double recall))
            {
                denseDone++;
                dense[(backbone, seed)] = new DenseRound(backbone, seed, step.JobId, step.ResultPath!, recall, step.WorkerSeconds);
            }
            else
            {
                denseFailed++;
                string error = $"dense round of {RecsysJobIds.DenseKey(backbone, seed)}: {step.Error ?? $"the result has no '{TrainRoundMetrics.ValidationRecall20}' metric"}";
                denseFailures[(backbone, seed)] = error;
                errors.Add(error);
            }

            PublishCounts();
        }

        public DenseRound? DenseOf(string backbone, int seed) => dense.GetValueOrDefault((backbone, seed));

        public string? SkipReason(PlannedSearch search)
        {
            if (denseFailures.TryGetValue((search.Backbone, search.Seed), out string? denseError))
            {
                return denseError;
            }

            return input.Spec.WorkerTimeBudget is { } budget && WorkerSeconds >= budget.TotalSeconds
                ? $"the run's worker-time budget of {budget.TotalSeconds:0} s was spent"
                : null;
        }

        public double? AllowanceForNextSearch(int searchesLeft) =>
            input.Spec.WorkerTimeBudget is { } budget ? Math.Max(0, budget.TotalSeconds - WorkerSeconds) / searchesLeft : null;

        public void RecordProgress(SearchProgress update)
        {
            searchProgress[update.Step.Key] = update;
            PublishCounts();
        }

        /// <param name="isError">List the search's error in the run's errors; false for a search the run's cancellation stopped.</param>
        public void RecordSearch(TicketSearchResult result, bool isError)
        {
            searches.Add(result);
            searchProgress[result.Key] = new SearchProgress(
                new StepProgress
                {
                    Key = result.Key,
                    State = result.State.ToString().ToLowerInvariant(),
                    Done = Math.Max(0, result.Rounds.Count - 1),
                    Total = searchProgress.TryGetValue(result.Key, out var last) ? last.Step.Total : 0,
                    RemainingFraction = last?.Step.RemainingFraction,
                    Metric = last?.Step.Metric,
                },
                result.JobsDone, result.JobsFailed, result.WorkerSeconds);
            if (isError && result.Error is { } error && result.State != SearchState.Completed)
            {
                errors.Add($"{result.Key}: {error}");
            }

            PublishCounts();
        }

        public RunOutcome End(RunState state, string phase, IReadOnlyList<string> reasons)
        {
            errors.AddRange(reasons);
            Publish(progress with { Phase = phase, Errors = errors });
            return new RunOutcome(state, progress.Errors, null, progress.JobsDone, progress.JobsFailed, progress.WorkerSeconds);
        }

        /// <summary>Decides the final state, writes the report (also for partial, failed and cancelled runs) and ends.</summary>
        public async Task<RunOutcome> FinishAsync(RunState halt, PreparedRecsysDataset? prepared, LotteryTicketSpec spec)
        {
            var state = halt switch
            {
                RunState.Cancelled or RunState.Failed => halt,
                _ when denseFailed == 0 && searches.All(s => s.State == SearchState.Completed) => RunState.Completed,
                _ when searches.Any(s => s.State == SearchState.Completed) => RunState.CompletedWithFailures,
                _ => RunState.Failed,
            };
            if (state == RunState.CompletedWithFailures && searches.Any(s => s.State is SearchState.BudgetSpent) && errors.Count == 0)
            {
                errors.Add("the worker-time budget was spent before every search finished");
            }

            EnterPhase(RunPhases.Reporting);
            RunReportPaths? report = null;
            try
            {
                report = await context.WriteRunReportAsync(new LotteryTicketReportInput(input.RunId, input.Dataset, input.Spec with { LotteryTicket = spec },
                    state, errors.ToList(), prepared, dense.Values.OrderBy(d => d.Backbone, StringComparer.Ordinal).ThenBy(d => d.Seed).ToList(),
                    searches.OrderBy(s => s.Key, StringComparer.Ordinal).ToList(), startedAt, context.CurrentUtcDateTime));
            }
            catch (TaskFailedException ex)
            {
                errors.Add($"report: {ex.FailureDetails.ErrorMessage}");
                state = RunState.Failed;
            }

            if (state is RunState.Completed or RunState.CompletedWithFailures && prepared is not null)
            {
                await PromoteAsync(prepared, spec);
            }

            // Only a fully successful run lets its checkpoints go: a retry of any other resumes unfinished jobs from them.
            if (state == RunState.Completed && !input.Spec.KeepCheckpoints)
            {
                await context.DeleteCheckpointsAsync(input.RunId);
            }

            string phase = state switch
            {
                RunState.Cancelled => RunPhases.Cancelled,
                RunState.Failed => RunPhases.Failed,
                _ => RunPhases.Done,
            };
            Publish(progress with { Phase = phase, Errors = errors });
            return new RunOutcome(state, progress.Errors, report, progress.JobsDone, progress.JobsFailed, progress.WorkerSeconds);
        }

        /// <summary>Writes <c>models/{dataset}/{backbone}/current.json</c> for each backbone's winning ticket (<see cref="TicketPromotion"/>).</summary>
        private async Task PromoteAsync(PreparedRecsysDataset prepared, LotteryTicketSpec spec)
        {
            long totalEntries = (long)(prepared.Users + prepared.Items) * spec.EmbeddingSize;
            try
            {
                var inspection = await context.InspectDatasetAsync(input.Dataset);
                foreach (var champion in TicketPromotion.Champions(input, spec, totalEntries, [.. dense.Values], searches, inspection.ContentHash, context.CurrentUtcDateTime))
                {
                    await context.PromoteAsync(champion, prepared.DatasetBlob);
                }
            }
            catch (TaskFailedException ex)
            {
                errors.Add($"promote: {ex.FailureDetails.ErrorMessage}");
            }
        }

        private void PublishCounts()
        {
            var steps = stepKeys.Select(key => searchProgress.TryGetValue(key, out var update) ? update.Step : new StepProgress { Key = key }).ToList();
            Publish(progress with
            {
                JobsDone = denseDone + searchProgress.Values.Sum(p => p.JobsDone),
                JobsFailed = denseFailed + searchProgress.Values.Sum(p => p.JobsFailed),
                WorkerSeconds = WorkerSeconds,
                WorkerSecondsByKind = new Dictionary<string, double> { [JobKinds.RecsysTrainRound] = WorkerSeconds },
                Steps = steps,
                Errors = errors,
            });
        }

        private void Publish(RunProgress next)
        {
            progress = RunProgressStatus.Bounded(next with { Errors = next.Errors.ToList() });
            context.SetCustomStatus(progress);
        }
    }
}
