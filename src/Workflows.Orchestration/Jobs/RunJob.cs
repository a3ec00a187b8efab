using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Durable;

namespace Workflows.Orchestration.Jobs;

/// <summary>
/// Runs one job to a result, whatever its kind: reuse an existing <c>result.json</c>; otherwise dispatch attempt n, wait
/// for the outcome event <see cref="JobOutcome.EventName"/> with a durable timer, and when it is late inspect the heartbeat:
/// a lost attempt (its heartbeat went stale, or its deadline passed) is re-dispatched as attempt n + 1, up to
/// <see cref="JobPolicy.MaxDispatchAttempts"/>.
/// </summary>
/// <remarks>
/// <para>Runs as a sub-orchestration whose instance id derives from the job id, so the outcome consumer can raise the
/// event to <see cref="JobOutcome.InstanceId"/> (the id carried in the message).</para>
/// <para>First result wins: a success from any attempt is accepted (<c>result.json</c> is write-once, so it is the
/// job's only result); a failure or cancellation from an attempt older than the current one is ignored, because the
/// current attempt may still succeed. A failed outcome of the current attempt fails the step: the worker has already
/// retried with backoff within its budget.</para>
/// <para>One event wait stays outstanding across re-dispatches: a second wait on the same name would queue behind the
/// first and the outcome would be delivered to the abandoned one.</para>
/// </remarks>
public sealed class RunJob : TaskOrchestrator<JobRequest, JobStepResult>
{
    /// <summary>Outcomes of superseded attempts tolerated while waiting for one attempt.</summary>
    private const int MaxIgnoredOutcomes = 16;

    public override async Task<JobStepResult> RunAsync(TaskOrchestrationContext context, JobRequest input)
    {
        var logger = context.CreateReplaySafeLogger<RunJob>();
        if (await context.ReadJobResultAsync(new JobResultRequest(input.RunId, input.JobId)) is { } existing)
        {
            logger.JobResultReused(input.RunId, input.JobId, existing.Attempt);
            return Success(input.JobId, existing, attempts: 0, reused: true);
        }

        // Attempt numbers are never reused: they name the Service Bus message (deduplicated) and the attempt's folder.
        int first = input.Generation == 0 ? 1 : await context.LastJobAttemptAsync(new JobResultRequest(input.RunId, input.JobId)) + 1;
        var outcomes = new OutcomeWait(context, JobOutcome.EventName(input.JobId));
        for (int attempt = first; attempt < first + input.Policy.MaxDispatchAttempts; attempt++)
        {
            DateTimeOffset deadline = context.CurrentUtcDateTime + input.Deadline;
            await context.DispatchJobAsync(Message(context, input, attempt, first, deadline));
            if (await AwaitAttemptAsync(context, input, outcomes, attempt, deadline) is { } finished)
            {
                return finished;
            }
        }

        return Failure(input.JobId, $"no outcome after {input.Policy.MaxDispatchAttempts} dispatch attempts (each lost: stale heartbeat or deadline)",
            input.Policy.MaxDispatchAttempts, workerSeconds: 0);
    }

    /// <returns>The step's result, or null when the attempt is lost and the job must be dispatched again.</returns>
    private static async Task<JobStepResult?> AwaitAttemptAsync(
        TaskOrchestrationContext context, JobRequest input, OutcomeWait outcomes, int attempt, DateTimeOffset deadline)
    {
        var logger = context.CreateReplaySafeLogger<RunJob>();
        // Each heartbeat check moves the clock by one interval and the deadline ends the wait, so this bound is never the
        // reason a wait ends unless superseded outcomes keep arriving.
        int maxWakeUps = (int)Math.Ceiling(input.Deadline / input.Policy.HeartbeatCheckInterval) + MaxIgnoredOutcomes + 1;
        for (int wakeUp = 0; wakeUp < maxWakeUps; wakeUp++)
        {
            DateTimeOffset now = context.CurrentUtcDateTime;
            DateTimeOffset nextCheck = Min(now + input.Policy.HeartbeatCheckInterval, Max(deadline, now));
            using var timerCancellation = new CancellationTokenSource();
            Task timer = context.CreateTimer(nextCheck.UtcDateTime, timerCancellation.Token);
            if (await Task.WhenAny(outcomes.Next, timer) == outcomes.Next)
            {
                timerCancellation.Cancel();
                var outcome = await outcomes.TakeAsync();
                if (outcome.Status == JobStatus.Succeeded)
                {
                    return new JobStepResult(input.JobId, JobStepState.Succeeded, outcome.ResultPath ?? BlobLayout.JobResult(input.RunId, input.JobId).ToString(),
                        outcome.Metrics, null, attempt, outcome.WorkerSeconds, Reused: false);
                }

                if (outcome.Attempt < attempt)
                {
                    logger.StaleOutcomeIgnored(input.RunId, input.JobId, outcome.Attempt, outcome.Status.ToString());
                    continue;
                }

                return outcome.Status == JobStatus.Cancelled
                    ? new JobStepResult(input.JobId, JobStepState.Cancelled, null, outcome.Metrics, outcome.Error ?? "cancelled", attempt, outcome.WorkerSeconds, Reused: false)
                    : Failure(input.JobId, outcome.Error ?? $"attempt {outcome.Attempt} failed without an error message", attempt, outcome.WorkerSeconds);
            }

            var inspection = await context.InspectJobAsync(new JobInspectionRequest(
                input.RunId, input.JobId, attempt, deadline, input.Policy.HeartbeatStaleAfter, context.CurrentUtcDateTime));
            switch (inspection.Health)
            {
                case JobHealth.Finished when inspection.Result is { } result:
                    return Success(input.JobId, result, attempt, reused: false);
                case JobHealth.RunCancelled:
                    return new JobStepResult(input.JobId, JobStepState.Cancelled, null, new Dictionary<string, double>(), inspection.Reason, attempt, 0, Reused: false);
                case JobHealth.Lost:
                    logger.AttemptLost(input.RunId, input.JobId, attempt, inspection.Reason);
                    return null;
            }
        }

        logger.AttemptLost(input.RunId, input.JobId, attempt, "too many wake-ups without a decision");
        return null;
    }

    private static JobMessage Message(TaskOrchestrationContext context, JobRequest input, int attempt, int firstAttempt, DateTimeOffset deadline) => new()
    {
        JobId = input.JobId,
        RunId = input.RunId,
        InstanceId = context.InstanceId,
        Kind = input.Kind,
        Attempt = attempt,
        FirstAttempt = firstAttempt,
        Inputs = input.Inputs,
        Parameters = input.Parameters,
        Deadline = deadline,
    };

    private static JobStepResult Success(string jobId, JobResultSummary result, int attempts, bool reused) =>
        new(jobId, JobStepState.Succeeded, result.ResultPath, result.Metrics, null, attempts, result.WorkerSeconds, reused);

    private static JobStepResult Failure(string jobId, string error, int attempts, double workerSeconds) =>
        new(jobId, JobStepState.Failed, null, new Dictionary<string, double>(), JobOutcome.TruncateError(error), attempts, workerSeconds, Reused: false);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The single outstanding wait for this job's outcome events; replaced only after one is consumed.</summary>
    private sealed class OutcomeWait(TaskOrchestrationContext context, string eventName)
    {
        public Task<JobOutcome> Next { get; private set; } = context.WaitForExternalEvent<JobOutcome>(eventName);

        public async Task<JobOutcome> TakeAsync()
        {
            var outcome = await Next;
            Next = context.WaitForExternalEvent<JobOutcome>(eventName);
            return outcome;
        }
    }
}
