using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Options;
using Workflows.Jobs.Processing;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Runtime;

/// <summary>What to do with the message that carried the job.</summary>
public enum JobDisposition
{
    /// <summary>The job's outcome (or its next attempt) is stored and published: remove the message.</summary>
    Complete,

    /// <summary>The attempt was interrupted (shutdown): return the message for another worker.</summary>
    Abandon,
}

/// <summary>
/// The job protocol of DESIGN.md, independent of the transport: an existing <c>result.json</c> is re-published; a cancelled
/// run reports cancelled; otherwise the kind's handler runs, <c>result.json</c> is written last and once (the first attempt
/// wins, a loser publishes the winner's outcome), and the outcome is published. A failure is counted in <c>attempts.json</c>,
/// logged in full to the attempt's <c>log.txt</c>, and followed by a new attempt with backoff or, past the retry budget
/// (or for invalid input), by a failed outcome. An attempt still running at its message's deadline is cancelled and
/// dropped without an outcome, as is a message received after it: the orchestration re-dispatches such a job.
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IBlobStore blobs,
    IOutcomePublisher outcomes,
    IJobDispatcher dispatcher,
    AttemptLedger ledger,
    IOptions<JobsOptions> jobsOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    // JobResult.Details is a required JSON value; an undefined element cannot be serialized.
    private static readonly JsonElement NoDetails = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly JobsOptions options = jobsOptions.Value;
    private readonly string workerId = workerOptions.Value.EffectiveWorkerId;

    // Resolved when the first attempt ends (metrics, result.json): the device name "auto" asks libtorch whether CUDA is present.
    private readonly Lazy<WorkerDevice> device = new(() => WorkerDevice.Resolve(workerOptions.Value));

    public string WorkerId => workerId;

    /// <param name="cancellationToken">Signalled on shutdown: the attempt stops and the message is abandoned.</param>
    /// <returns><see cref="JobDisposition.Complete"/> also when the deadline ended the attempt.</returns>
    public async Task<JobDisposition> RunAsync(JobMessage message, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        if (await TryPublishExistingResultAsync(message, cancellationToken).ConfigureAwait(false))
        {
            return JobDisposition.Complete;
        }

        // A redelivered attempt whose failure is already recorded only needs its follow-up (retry or failed outcome) again.
        var attempts = await ledger.ReadAsync(message.RunId, message.JobId, cancellationToken).ConfigureAwait(false);
        if (attempts.Failures.FirstOrDefault(f => f.Attempt == message.Attempt) is { } recorded)
        {
            await FollowUpFailureAsync(message, attempts, recorded, startedAt, exception: null, cancellationToken).ConfigureAwait(false);
            return JobDisposition.Complete;
        }

        if (await blobs.GetVersionAsync(BlobLayout.CancelMarker(message.RunId), cancellationToken).ConfigureAwait(false) is not null)
        {
            await PublishCancelledAsync(message, startedAt, cancellationToken).ConfigureAwait(false);
            return JobDisposition.Complete;
        }

        // Past the deadline the orchestration has written this attempt off and re-dispatched the job: drop it, no outcome.
        if (message.Deadline <= startedAt)
        {
            Log.DeadlinePassed(logger, message.JobId, message.Attempt, message.Deadline);
            return JobDisposition.Complete;
        }

        Log.JobStarted(logger, message.JobId, message.Attempt, message.Kind);
        using var deadline = new CancellationTokenSource(message.Deadline - startedAt, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        JobHandlerResult handled;
        try
        {
            handled = await ExecuteHandlerAsync(message, attempt.Token).ConfigureAwait(false);
        }
        catch (JobCancelledException)
        {
            await PublishCancelledAsync(message, startedAt, cancellationToken).ConfigureAwait(false);
            return JobDisposition.Complete;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.JobInterrupted(logger, message.JobId, message.Attempt);
            return JobDisposition.Abandon;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Log.DeadlinePassed(logger, message.JobId, message.Attempt, message.Deadline);
            return JobDisposition.Complete;
        }
        catch (Exception ex)
        {
            await HandleFailureAsync(message, ex, startedAt, cancellationToken).ConfigureAwait(false);
            return JobDisposition.Complete;
        }

        await CompleteAsync(message, handled, startedAt, cancellationToken).ConfigureAwait(false);
        return JobDisposition.Complete;
    }

    private async Task<JobHandlerResult> ExecuteHandlerAsync(JobMessage message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(message.Kind)
            ?? throw new ContractValidationException($"job {message.JobId}", [new ValidationError("kind", $"'{message.Kind}' has no handler in this worker")]);
        await using var context = await JobContext.StartAsync(message, workerId, blobs, options.HeartbeatInterval, time, logger, cancellationToken).ConfigureAwait(false);
        return await handler.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
    }

    private async Task CompleteAsync(JobMessage message, JobHandlerResult handled, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var result = new JobResult
        {
            JobId = message.JobId,
            RunId = message.RunId,
            Kind = message.Kind,
            Attempt = message.Attempt,
            WorkerId = workerId,
            Device = device.Value.Description,
            Metrics = handled.Metrics,
            Artifacts = handled.Artifacts,
            Details = handled.Details ?? NoDetails,
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
        };
        var path = BlobLayout.JobResult(message.RunId, message.JobId);
        if (!await blobs.TryCreateAsync(path, ContractJson.SerializeToUtf8Bytes(result), cancellationToken).ConfigureAwait(false))
        {
            var winner = await ReadResultAsync(message, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{path} exists but cannot be read");
            Log.LostResultRace(logger, message.JobId, winner.Attempt);
            result = winner;
        }
        else
        {
            Log.JobSucceeded(logger, message.JobId, message.Attempt, (result.FinishedAt - startedAt).TotalSeconds);
        }

        string metrics = string.Join(Environment.NewLine, handled.Metrics.Select(m => $"{m.Key}: {m.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));
        await WriteAttemptLogAsync(message, "succeeded", startedAt, time.GetUtcNow(), $"result: attempt {result.Attempt}{Environment.NewLine}{metrics}", cancellationToken)
            .ConfigureAwait(false);

        await outcomes.PublishAsync(SucceededOutcome(message, result), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> TryPublishExistingResultAsync(JobMessage message, CancellationToken cancellationToken)
    {
        if (await ReadResultAsync(message, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            return false;
        }

        Log.ResultExists(logger, message.JobId, message.Attempt, existing.Attempt);
        await outcomes.PublishAsync(SucceededOutcome(message, existing), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<JobResult?> ReadResultAsync(JobMessage message, CancellationToken cancellationToken)
    {
        var path = BlobLayout.JobResult(message.RunId, message.JobId);
        return await blobs.TryReadAsync(path, cancellationToken).ConfigureAwait(false) is { } content
            ? ContractJson.Deserialize<JobResult>(content.Data.Span, path.ToString())
            : null;
    }

    private async Task HandleFailureAsync(JobMessage message, Exception exception, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        // Another attempt may have finished meanwhile: its result stands, and nothing is retried.
        if (await TryPublishExistingResultAsync(message, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var failedAt = time.GetUtcNow();
        await WriteAttemptLogAsync(message, "failed", startedAt, failedAt, exception.ToString(), cancellationToken).ConfigureAwait(false);
        var failure = new AttemptFailure(message.Attempt, workerId, JobOutcome.TruncateError($"{exception.GetType().Name}: {exception.Message}"), failedAt,
            Permanent: exception is ContractValidationException);
        var attempts = await ledger.RecordFailureAsync(message.RunId, message.JobId, failure, cancellationToken).ConfigureAwait(false);
        await FollowUpFailureAsync(message, attempts, failure, startedAt, exception, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Schedules the next attempt with backoff, or publishes the failed outcome once the budget is spent (or the input is invalid).</summary>
    private async Task FollowUpFailureAsync(
        JobMessage message, JobAttempts attempts, AttemptFailure failure, DateTimeOffset startedAt, Exception? exception, CancellationToken cancellationToken)
    {
        int failures = attempts.Failures.Count(f => f.Attempt >= message.FirstAttempt);
        if (failure.Permanent || failures > options.RetryBudget)
        {
            Log.JobFailed(logger, message.JobId, message.Attempt, failures, exception);
            await outcomes.PublishAsync(new JobOutcome
            {
                JobId = message.JobId,
                RunId = message.RunId,
                InstanceId = message.InstanceId,
                Attempt = message.Attempt,
                Status = JobStatus.Failed,
                Error = failure.Error,
                WorkerId = workerId,
                StartedAt = startedAt,
                FinishedAt = failure.FailedAt,
            }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var delay = options.BackoffAfter(failures);
        var next = message with
        {
            Attempt = message.Attempt + 1,
            Deadline = message.Deadline + delay,
            TraceParent = Activity.Current?.Id ?? message.TraceParent,
            TraceState = Activity.Current?.TraceStateString ?? message.TraceState,
        };
        // Scheduled from the recorded failure time, so a redelivered follow-up sends the identical (deduplicated) message.
        await dispatcher.DispatchAsync(next, failure.FailedAt + delay, cancellationToken).ConfigureAwait(false);
        Log.JobRetrying(logger, message.JobId, message.Attempt, failures, next.Attempt, delay, exception);
    }

    /// <summary>
    /// Every attempt that ends here leaves <c>attempts/{n}/log.txt</c> (what <c>GET .../jobs/{jobId}/log</c> serves): how it
    /// ended and, for a failure, the full exception; and is counted in <see cref="JobMetrics"/>. It also marks the attempt number as used, so a retried run never
    /// reuses it.
    /// </summary>
    private async Task WriteAttemptLogAsync(
        JobMessage message, string ended, DateTimeOffset startedAt, DateTimeOffset endedAt, string details, CancellationToken cancellationToken)
    {
        string text = $"""
            job: {message.JobId}
            run: {message.RunId}
            kind: {message.Kind}
            attempt: {message.Attempt}
            worker: {workerId}
            started: {startedAt:O}
            {ended}: {endedAt:O}

            {details}

            """;
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false);
        await blobs.WriteAsync(BlobLayout.AttemptLog(message.RunId, message.JobId, message.Attempt), body, cancellationToken).ConfigureAwait(false);
        JobMetrics.AttemptEnded(message, ended, endedAt - startedAt, device.Value);
    }

    private async Task PublishCancelledAsync(JobMessage message, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        Log.JobCancelled(logger, message.JobId, message.Attempt, message.RunId);
        var cancelledAt = time.GetUtcNow();
        await WriteAttemptLogAsync(message, "cancelled", startedAt, cancelledAt, $"stopped: run {message.RunId} was cancelled", cancellationToken).ConfigureAwait(false);
        await outcomes.PublishAsync(new JobOutcome
        {
            JobId = message.JobId,
            RunId = message.RunId,
            InstanceId = message.InstanceId,
            Attempt = message.Attempt,
            Status = JobStatus.Cancelled,
            Error = $"run {message.RunId} was cancelled",
            WorkerId = workerId,
            StartedAt = startedAt,
            FinishedAt = cancelledAt,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static JobOutcome SucceededOutcome(JobMessage message, JobResult result) => new()
    {
        JobId = result.JobId,
        RunId = result.RunId,
        InstanceId = message.InstanceId,
        Attempt = result.Attempt,
        Status = JobStatus.Succeeded,
        ResultPath = BlobLayout.JobResult(result.RunId, result.JobId).ToString(),
        Metrics = result.Metrics,
        WorkerId = result.WorkerId,
        StartedAt = result.StartedAt,
        FinishedAt = result.FinishedAt,
    };
}
