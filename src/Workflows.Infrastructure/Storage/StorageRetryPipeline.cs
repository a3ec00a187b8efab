using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Workflows.Infrastructure.Storage;

/// <summary>
/// The one retry policy of every Blob and Queue call (the SDK's own retries are switched off so that failures are not
/// retried twice over): exponential backoff with jitter on timeouts, throttling, server errors and broken connections.
/// </summary>
public sealed class StorageRetryPipeline
{
    private readonly ResiliencePipeline pipeline;

    public StorageRetryPipeline(IOptions<StorageOptions> options, ILogger<StorageRetryPipeline> logger)
    {
        var settings = options.Value;
        pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, settings.MaxRetries),
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    settings.MaxRetries > 0 && args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    Log.StorageRetry(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception!);
                    return default;
                },
            })
            .Build();
    }

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(operation, cancellationToken);

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> operation, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(operation, cancellationToken);

    internal static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 } => true,
        HttpRequestException or IOException or TimeoutException => true,
        // The transport's own timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };
}
