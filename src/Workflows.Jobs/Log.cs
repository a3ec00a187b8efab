using Microsoft.Extensions.Logging;

namespace Workflows.Jobs;

/// <summary>Log messages of the worker runtime (event ids 3000-3099). Run, job and attempt also travel in the log scope.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Job {JobId} attempt {Attempt} ({Kind}) started")]
    public static partial void JobStarted(ILogger logger, string jobId, int attempt, string kind);

    [LoggerMessage(3001, LogLevel.Information, "Job {JobId} attempt {Attempt} succeeded in {Seconds:F1} s")]
    public static partial void JobSucceeded(ILogger logger, string jobId, int attempt, double seconds);

    [LoggerMessage(3002, LogLevel.Information, "Job {JobId} attempt {Attempt} found the result of attempt {WinningAttempt}; re-publishing it")]
    public static partial void ResultExists(ILogger logger, string jobId, int attempt, int winningAttempt);

    [LoggerMessage(3003, LogLevel.Information, "Job {JobId} attempt {Attempt} stopped: run {RunId} was cancelled")]
    public static partial void JobCancelled(ILogger logger, string jobId, int attempt, string runId);

    [LoggerMessage(3004, LogLevel.Warning, "Job {JobId} attempt {Attempt} failed ({Failures} failed attempts); attempt {NextAttempt} scheduled in {Delay}")]
    public static partial void JobRetrying(ILogger logger, string jobId, int attempt, int failures, int nextAttempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(3005, LogLevel.Error, "Job {JobId} failed for good at attempt {Attempt} ({Failures} failed attempts)")]
    public static partial void JobFailed(ILogger logger, string jobId, int attempt, int failures, Exception? exception);

    [LoggerMessage(3006, LogLevel.Information, "Job {JobId} attempt {Attempt} interrupted by shutdown; abandoning its message")]
    public static partial void JobInterrupted(ILogger logger, string jobId, int attempt);

    [LoggerMessage(3007, LogLevel.Warning, "Writing the heartbeat of job {JobId} attempt {Attempt} failed")]
    public static partial void HeartbeatFailed(ILogger logger, string jobId, int attempt, Exception exception);

    [LoggerMessage(3008, LogLevel.Information, "Another attempt ({WinningAttempt}) of job {JobId} wrote the result first; publishing its outcome")]
    public static partial void LostResultRace(ILogger logger, string jobId, int winningAttempt);

    [LoggerMessage(3009, LogLevel.Warning, "Job {JobId} attempt {Attempt} passed its deadline {Deadline:O}; dropping it (the orchestration re-dispatches the job)")]
    public static partial void DeadlinePassed(ILogger logger, string jobId, int attempt, DateTimeOffset deadline);

    [LoggerMessage(3020, LogLevel.Information, "Worker {WorkerId} receiving from {Queue} with {Slots} slot(s)")]
    public static partial void ProcessorStarted(ILogger logger, string workerId, string queue, int slots);

    [LoggerMessage(3021, LogLevel.Error, "Message {MessageId} is not a job message; dead-lettering it")]
    public static partial void MalformedMessage(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(3022, LogLevel.Error, "Service Bus processor error ({ErrorSource}) on {EntityPath}")]
    public static partial void ProcessorError(ILogger logger, string errorSource, string entityPath, Exception exception);

    [LoggerMessage(3023, LogLevel.Information, "Worker {WorkerId} stopping: no new jobs; in-flight jobs are abandoned")]
    public static partial void ProcessorStopping(ILogger logger, string workerId);

    [LoggerMessage(3024, LogLevel.Warning, "Renewing the lock of message {MessageId} failed; the message may be delivered again")]
    public static partial void LockRenewalFailed(ILogger logger, string messageId, Exception exception);
}
