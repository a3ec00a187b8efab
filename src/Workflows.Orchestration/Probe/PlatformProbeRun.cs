using System.Text.Json;
using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Probe;

/// <summary>
/// A platform probe run (instance id = run id): validate → store the spec → fan out <see cref="PlatformProbeSpec.Jobs"/>
/// <c>platform.no-op</c> jobs through the same <see cref="RunJob"/> step real runs use, at most
/// <see cref="RunSpec.MaxConcurrentJobs"/> at once → write <c>report.json</c>/<c>report.md</c> with every job's
/// dispatch-to-outcome latency, the median, p95 and jobs per second.
/// </summary>
/// <remarks>
/// Times are the orchestration's own (<c>CurrentUtcDateTime</c>), so replays see the same numbers; jobs whose results
/// arrive in one episode share a timestamp. The run completes with failures when some job fails, fails when none succeeds,
/// and on the <see cref="RunEvents.Cancel"/> event stops dispatching and reports what finished.
/// </remarks>
public sealed class PlatformProbeRun : TaskOrchestrator<RunRequest, RunOutcome>
{
    private static readonly JsonElement NoParameters = JsonDocument.Parse("{}").RootElement.Clone();
    private static readonly JsonElement FailingParameters = JobMessage.ToParameters(new NoOpJobParameters(Fail: true));

    public override async Task<RunOutcome> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        var cancellation = context.WaitForExternalEvent<string>(RunEvents.Cancel);
        var progress = Publish(context, new RunProgress { Phase = RunPhases.Validating });
        var validation = await context.ValidateRunAsync(input);
        if (!validation.IsValid)
        {
            Publish(context, progress with { Phase = RunPhases.Rejected, Errors = validation.Errors });
            return new RunOutcome(RunState.Failed, validation.Errors, null, 0, 0, 0);
        }

        await context.WriteRunSpecAsync(input);
        var probe = input.Spec.PlatformProbe ?? new PlatformProbeSpec();
        int planned = probe.Jobs;
        progress = Publish(context, progress with { Phase = RunPhases.Probing, JobsTotal = planned });

        var inFlight = new Dictionary<Task<JobStepResult>, (int Index, DateTime DispatchedAt)>();
        var timings = new List<ProbeJobTiming>(planned);
        var errors = new List<string>();
        DateTime firstDispatchAt = context.CurrentUtcDateTime;
        int next = 0;
        bool cancelled = false;
        while (!cancelled && (next < planned || inFlight.Count > 0))
        {
            while (next < planned && inFlight.Count < input.Spec.MaxConcurrentJobs)
            {
                inFlight.Add(RunNoOpJobAsync(context, input, next, fail: next < probe.FailingJobs), (next, context.CurrentUtcDateTime));
                next++;
            }

            var finished = await Task.WhenAny([.. inFlight.Keys, cancellation]);
            if (finished == cancellation)
            {
                cancelled = true;
                continue;
            }

            var task = (Task<JobStepResult>)finished;
            var (index, dispatchedAt) = inFlight[task];
            inFlight.Remove(task);
            var step = await task;
            timings.Add(new ProbeJobTiming(index, Milliseconds(context.CurrentUtcDateTime - dispatchedAt), Math.Round(step.WorkerSeconds, 3), step.State));
            // A job the run's cancellation stopped did not fail: it is counted as neither done nor failed.
            if (step.State == JobStepState.Failed)
            {
                errors.Add($"job {index}: {step.State.ToString().ToLowerInvariant()}: {step.Error}");
            }

            progress = Publish(context, progress with
            {
                JobsDone = timings.Count(t => t.State == JobStepState.Succeeded),
                JobsFailed = timings.Count(t => t.State == JobStepState.Failed),
                WorkerSeconds = timings.Sum(t => t.WorkerSeconds),
                WorkerSecondsByKind = new Dictionary<string, double> { [JobKinds.NoOp] = timings.Sum(t => t.WorkerSeconds) },
                Errors = errors,
            });
        }

        var state = cancelled ? RunState.Cancelled
            : progress.JobsFailed == 0 ? RunState.Completed
            : progress.JobsDone > 0 ? RunState.CompletedWithFailures
            : RunState.Failed;
        progress = Publish(context, progress with { Phase = RunPhases.Reporting, Errors = errors });
        var report = await context.WriteProbeReportAsync(new ProbeReportInput(input.RunId, input.Dataset, state, planned, input.Spec.MaxConcurrentJobs,
            firstDispatchAt, context.CurrentUtcDateTime, timings, progress.Errors));
        string phase = state switch
        {
            RunState.Cancelled => RunPhases.Cancelled,
            RunState.Failed => RunPhases.Failed,
            _ => RunPhases.Done,
        };
        progress = Publish(context, progress with { Phase = phase });
        return new RunOutcome(state, progress.Errors, report, progress.JobsDone, progress.JobsFailed, progress.WorkerSeconds);
    }

    private static Task<JobStepResult> RunNoOpJobAsync(TaskOrchestrationContext context, RunRequest input, int index, bool fail)
    {
        string jobId = ProbeJobId(input.RunId, index);
        var request = new JobRequest(input.RunId, jobId, JobKinds.NoOp, new Dictionary<string, string>(), fail ? FailingParameters : NoParameters,
            input.Spec.JobDeadline, input.Jobs, input.Generation);
        return context.RunJobAsync(request, SubOrchestrationIds.For(jobId, input.Generation));
    }

    /// <summary>Seconds to the millisecond, the resolution of the engine's clock, which keeps the report input small.</summary>
    private static double Milliseconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    /// <summary><c>{runId}.probe.j{index}</c>.</summary>
    public static string ProbeJobId(string runId, int index) => Identifiers.JobId(runId, "probe", $"j{index:D3}");

    private static RunProgress Publish(TaskOrchestrationContext context, RunProgress progress)
    {
        var bounded = RunProgressStatus.Bounded(progress with { Errors = progress.Errors.ToList() });
        context.SetCustomStatus(bounded);
        return bounded;
    }
}
