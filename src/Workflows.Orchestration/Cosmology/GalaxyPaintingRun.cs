using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Cosmology;

/// <summary>
/// A galaxy-painting run (instance id = run id): validate the manifest and spec → store the spec → validate the grids and
/// plan the tiling → train the cascade once (<c>cosmo.train</c>, checkpointed) → cut the target volume into haloed tile
/// blobs → predict the tiles as <c>cosmo.predict-tiles</c> jobs in waves of at most
/// min(<see cref="GalaxyPaintingSpec.WaveWidth"/>, <see cref="RunSpec.MaxConcurrentJobs"/>) → stitch slab by slab →
/// measure against the truth and the local benchmark → report → delete the checkpoints of a completed run.
/// </summary>
/// <remarks>
/// <para>Every job goes through <see cref="RunJob"/>: a lost attempt (a killed worker's stale heartbeat) is re-dispatched,
/// a job's first <c>result.json</c> wins, so each tile is predicted into exactly one stitched place.</para>
/// <para>The stitcher checks every tile before it writes anything; a job with a missing, wrong-shape or non-finite tile is
/// redone under a new job id (<see cref="CosmoJobIds.Predict"/>), up to <see cref="MaxRedoRounds"/> times.</para>
/// <para>The <see cref="RunEvents.Cancel"/> event stops the run at once; running jobs see the marker between epochs or tiles.</para>
/// </remarks>
public sealed class GalaxyPaintingRun : TaskOrchestrator<RunRequest, RunOutcome>
{
    public const int MaxRedoRounds = 2;

    public override async Task<RunOutcome> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        var run = new Tracker(context, input);
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
        var spec = input.Spec.GalaxyPainting ?? new GalaxyPaintingSpec();
        run.EnterPhase(RunPhases.Preparing);
        var (preparation, prepareError) = await run.StepAsync(context.PrepareGalaxyDataAsync(new GalaxyPrepareRequest(input.RunId, input.ManifestPath, spec)));
        if (run.Cancelled)
        {
            return await run.FinishAsync(RunState.Cancelled, null, null);
        }

        if (preparation?.Plan is not { } plan)
        {
            return run.End(RunState.Failed, RunPhases.Rejected, preparation?.Errors ?? [$"prepare: {prepareError}"]);
        }

        run.Plan(plan);
        run.EnterPhase(RunPhases.Training);
        var (train, _) = await run.StepAsync(RunTrainJobAsync(context, input, plan, spec));
        if (train is not null)
        {
            run.RecordJob(JobKinds.CosmoTrain, train);
        }

        if (train is null || !train.Succeeded)
        {
            return await run.FinishAsync(train?.State == JobStepState.Failed ? RunState.Failed : RunState.Cancelled, plan, train?.Error is { } error ? $"train: {error}" : null);
        }

        run.TrainResult = train.ResultPath;
        run.EnterPhase(RunPhases.Cutting);
        var (cut, cutError) = await run.StepAsync(context.CutTargetTilesAsync(new GalaxyCutRequest(input.RunId, plan)));
        if (cut is null)
        {
            return await run.FinishAsync(run.Cancelled ? RunState.Cancelled : RunState.Failed, plan, cutError is null ? null : $"cut: {cutError}");
        }

        run.EnterPhase(RunPhases.Predicting);
        var halt = await PredictAsync(context, run, input, plan, train.ResultPath!, cut.Folder, Enumerable.Range(0, plan.JobCount).ToList(), redo: 0);
        for (int redo = 1; halt == RunState.Completed; redo++)
        {
            run.EnterPhase(RunPhases.Stitching);
            var (stitched, stitchError) = await run.StepAsync(context.StitchPredictionAsync(new GalaxyStitchRequest(input.RunId, plan, run.Predicted)));
            if (run.Cancelled || stitched is null)
            {
                return await run.FinishAsync(run.Cancelled ? RunState.Cancelled : RunState.Failed, plan, stitchError is null ? null : $"stitch: {stitchError}");
            }

            if (stitched.Prediction is { } prediction)
            {
                return await MeasureAndFinishAsync(context, run, input, plan, spec, train.ResultPath!, prediction);
            }

            run.Redone.AddRange(stitched.Rejected);
            if (redo > MaxRedoRounds)
            {
                return await run.FinishAsync(RunState.Failed, plan,
                    $"stitch: {stitched.Rejected.Count} prediction job(s) still rejected after {MaxRedoRounds} redo rounds: {string.Join("; ", stitched.Rejected.Select(r => r.Reason))}");
            }

            run.EnterPhase(RunPhases.Predicting);
            halt = await PredictAsync(context, run, input, plan, train.ResultPath!, cut.Folder, stitched.Rejected.Select(r => r.Index).ToList(), redo);
        }

        return await run.FinishAsync(halt, plan, null);
    }

    private static async Task<RunOutcome> MeasureAndFinishAsync(
        TaskOrchestrationContext context, Tracker run, RunRequest input, GalaxyPlan plan, GalaxyPaintingSpec spec, string trainResult, string prediction)
    {
        run.EnterPhase(RunPhases.Measuring);
        var (measurements, measureError) = await run.StepAsync(context.MeasureGalaxiesAsync(new GalaxyMeasureRequest(input.RunId, plan, prediction, trainResult, spec)));
        if (run.Cancelled)
        {
            return await run.FinishAsync(RunState.Cancelled, plan, null);
        }

        run.Measurements = measurements;
        return await run.FinishAsync(measurements is null ? RunState.Failed : RunState.Completed, plan, measureError is null ? null : $"measure: {measureError}");
    }

    /// <summary>Runs the given prediction jobs in bounded waves.</summary>
    /// <returns><see cref="RunState.Completed"/> when every job succeeded; otherwise why the run stops.</returns>
    private static async Task<RunState> PredictAsync(
        TaskOrchestrationContext context, Tracker run, RunRequest input, GalaxyPlan plan, string trainResult, string tiles, IReadOnlyList<int> jobs, int redo)
    {
        var spec = input.Spec.GalaxyPainting ?? new GalaxyPaintingSpec();
        int width = Math.Min(spec.WaveWidth, input.Spec.MaxConcurrentJobs);
        foreach (var wave in jobs.Chunk(width))
        {
            var steps = wave.Select(index => (Index: index, Task: RunPredictJobAsync(context, input, plan, trainResult, tiles, index, redo))).ToList();
            var all = Task.WhenAll(steps.Select(s => s.Task));
            if (await Task.WhenAny(all, run.Cancellation) != all)
            {
                return RunState.Cancelled;
            }

            foreach (var (index, task) in steps)
            {
                var step = await task;
                run.RecordJob(JobKinds.CosmoPredictTiles, step);
                if (step.State == JobStepState.Cancelled)
                {
                    return RunState.Cancelled;
                }

                if (!step.Succeeded)
                {
                    run.Errors.Add($"prediction job {index}: {step.Error}");
                    return RunState.Failed;
                }

                run.Predicted.RemoveAll(p => p.Index == index);
                run.Predicted.Add(new PredictedJob(index, step.JobId, step.ResultPath!));
            }
        }

        return RunState.Completed;
    }

    private static Task<JobStepResult> RunTrainJobAsync(TaskOrchestrationContext context, RunRequest input, GalaxyPlan plan, GalaxyPaintingSpec spec)
    {
        string jobId = CosmoJobIds.Train(input.RunId);
        var request = new JobRequest(input.RunId, jobId, JobKinds.CosmoTrain,
            new Dictionary<string, string> { [CosmoJobInputs.DarkMatter] = plan.DarkMatterTrain, [CosmoJobInputs.Galaxies] = plan.GalaxiesTrain },
            JobMessage.ToParameters(new CosmoTrainParameters(spec, plan.Tiling.Periodic)), input.Spec.JobDeadline, input.Jobs, input.Generation);
        return context.RunJobAsync(request, SubOrchestrationIds.For(jobId, input.Generation));
    }

    private static Task<JobStepResult> RunPredictJobAsync(TaskOrchestrationContext context, RunRequest input, GalaxyPlan plan, string trainResult, string tiles, int index, int redo)
    {
        string jobId = CosmoJobIds.Predict(input.RunId, index, redo);
        var (first, count) = plan.TilesOf(index);
        var request = new JobRequest(input.RunId, jobId, JobKinds.CosmoPredictTiles,
            new Dictionary<string, string>
            {
                [CosmoJobInputs.TrainResult] = trainResult,
                [CosmoJobInputs.Tiles] = tiles,
            },
            JobMessage.ToParameters(new PredictTilesParameters(first, count, plan.Tiling)), input.Spec.JobDeadline, input.Jobs, input.Generation);
        return context.RunJobAsync(request, SubOrchestrationIds.For(jobId, input.Generation));
    }

    /// <summary>The run's progress and results so far; writes the bounded custom status on every change.</summary>
    private sealed class Tracker
    {
        private readonly TaskOrchestrationContext context;
        private readonly RunRequest input;
        private readonly DateTimeOffset startedAt;
        private RunProgress progress = new() { Phase = RunPhases.Pending };
        private GalaxyPlan? plan;

        public Tracker(TaskOrchestrationContext context, RunRequest input)
        {
            this.context = context;
            this.input = input;
            startedAt = context.CurrentUtcDateTime;
            Cancellation = context.WaitForExternalEvent<string>(RunEvents.Cancel);
        }

        /// <summary>Completes when the cancel event arrives; raced against every long wait.</summary>
        public Task<string> Cancellation { get; }

        public bool Cancelled => Cancellation.IsCompleted;

        public List<string> Errors { get; } = [];

        /// <summary>The latest successful job per prediction job index.</summary>
        public List<PredictedJob> Predicted { get; } = [];

        public List<RejectedJob> Redone { get; } = [];

        public string? TrainResult { get; set; }

        public GalaxyMeasurementSummary? Measurements { get; set; }

        /// <summary>Awaits a step unless the run is cancelled first; an activity's failure comes back as its message.</summary>
        public async Task<(T? Result, string? Error)> StepAsync<T>(Task<T> step)
            where T : class
        {
            if (await Task.WhenAny(step, Cancellation) != step)
            {
                return (null, null);
            }

            try
            {
                return (await step, null);
            }
            catch (TaskFailedException ex)
            {
                return (null, ex.FailureDetails.ErrorMessage);
            }
        }

        public void EnterPhase(string phase) => Publish(progress with { Phase = phase });

        public void Plan(GalaxyPlan planned)
        {
            plan = planned;
            Publish(progress with { JobsTotal = 1 + planned.JobCount });
        }

        public void RecordJob(string kind, JobStepResult step)
        {
            bool succeeded = step.Succeeded;
            bool isRedo = step.JobId.Contains("-redo", StringComparison.Ordinal);
            var byKind = new Dictionary<string, double>(progress.WorkerSecondsByKind, StringComparer.Ordinal);
            byKind[kind] = byKind.GetValueOrDefault(kind) + step.WorkerSeconds;
            Publish(progress with
            {
                JobsDone = progress.JobsDone + (succeeded && !isRedo ? 1 : 0),
                JobsFailed = progress.JobsFailed + (step.State == JobStepState.Failed ? 1 : 0),
                WorkerSeconds = progress.WorkerSeconds + step.WorkerSeconds,
                WorkerSecondsByKind = byKind,
            });
        }

        public RunOutcome End(RunState state, string phase, IReadOnlyList<string> reasons)
        {
            Errors.AddRange(reasons);
            Publish(progress with { Phase = phase, Errors = Errors });
            return new RunOutcome(state, progress.Errors, null, progress.JobsDone, progress.JobsFailed, progress.WorkerSeconds);
        }

        /// <summary>Writes the report (also for failed and cancelled runs), deletes a completed run's checkpoints and ends.</summary>
        public async Task<RunOutcome> FinishAsync(RunState state, GalaxyPlan? planned, string? error)
        {
            if (error is not null)
            {
                Errors.Add(error);
            }

            EnterPhase(RunPhases.Reporting);
            RunReportPaths? report = null;
            try
            {
                report = await context.WriteGalaxyReportAsync(new GalaxyReportInput(input.RunId, input.Dataset, input.Spec, state, Errors.ToList(),
                    planned ?? plan, TrainResult, Predicted.OrderBy(p => p.Index).ToList(), Redone.ToList(), Measurements, progress.WorkerSeconds,
                    startedAt, context.CurrentUtcDateTime));
            }
            catch (TaskFailedException ex)
            {
                Errors.Add($"report: {ex.FailureDetails.ErrorMessage}");
                state = RunState.Failed;
            }

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
            Publish(progress with { Phase = phase, Errors = Errors });
            return new RunOutcome(state, progress.Errors, report, progress.JobsDone, progress.JobsFailed, progress.WorkerSeconds);
        }

        private void Publish(RunProgress next)
        {
            progress = RunProgressStatus.Bounded(next with { Errors = Errors.ToList() });
            context.SetCustomStatus(progress);
        }
    }
}
