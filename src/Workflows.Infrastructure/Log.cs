using Microsoft.Extensions.Logging;

namespace Workflows.Infrastructure;

/// <summary>Log messages of the infrastructure adapters (event ids 2000-2099).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Warning, "Transient storage failure; retry {RetryAttempt} in {RetryDelay}")]
    public static partial void StorageRetry(ILogger logger, int retryAttempt, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(2001, LogLevel.Information, "Provisioned containers {Containers} and queues {Queues}")]
    public static partial void Provisioned(ILogger logger, string containers, string queues);

    [LoggerMessage(2010, LogLevel.Debug, "Dispatched job {JobId} attempt {Attempt} of run {RunId} (message {MessageId}, not before {NotBefore})")]
    public static partial void Dispatched(ILogger logger, string jobId, int attempt, string runId, string messageId, DateTimeOffset? notBefore);

    [LoggerMessage(2020, LogLevel.Debug, "Published outcome {Status} of job {JobId} attempt {Attempt} of run {RunId}")]
    public static partial void OutcomePublished(ILogger logger, string status, string jobId, int attempt, string runId);

    [LoggerMessage(2030, LogLevel.Information, "Consuming job outcomes from queue {Queue}")]
    public static partial void ConsumerStarted(ILogger logger, string queue);

    [LoggerMessage(2031, LogLevel.Warning, "Handling outcome of job {JobId} attempt {Attempt} of run {RunId} failed (delivery {DequeueCount}); it will be redelivered")]
    public static partial void OutcomeHandlingFailed(ILogger logger, string jobId, int attempt, string runId, long dequeueCount, Exception exception);

    [LoggerMessage(2032, LogLevel.Error, "Moved message {MessageId} from {Queue} to {PoisonQueue} after {DequeueCount} deliveries: {Reason}")]
    public static partial void MovedToPoison(ILogger logger, string messageId, string queue, string poisonQueue, long dequeueCount, string reason);

    [LoggerMessage(2033, LogLevel.Error, "Polling queue {Queue} failed; polling again in {Delay}")]
    public static partial void PollFailed(ILogger logger, string queue, TimeSpan delay, Exception exception);

    [LoggerMessage(2034, LogLevel.Warning, "Could not read the depth of queue {Queue}; the gauge keeps its last value")]
    public static partial void QueueDepthReadFailed(ILogger logger, string queue, Exception exception);
}
