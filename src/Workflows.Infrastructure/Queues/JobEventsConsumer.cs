using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Storage;
using Workflows.Orchestration.Application;

namespace Workflows.Infrastructure.Queues;

/// <summary>
/// Polls <c>job-events</c> and hands each <see cref="JobOutcome"/> to <see cref="IJobOutcomeHandler"/>; a message is deleted
/// only after it was handled. A failed handling reappears after the visibility timeout; after
/// <see cref="QueueOptions.MaxDequeueCount"/> deliveries, or when it cannot be read at all, the message moves to the poison queue.
/// </summary>
public sealed class JobEventsConsumer : BackgroundService
{
    private readonly IServiceScopeFactory scopes;
    private readonly StorageRetryPipeline retry;
    private readonly QueueOptions options;
    private readonly ILogger<JobEventsConsumer> logger;
    private readonly QueueClient queue;
    private readonly QueueClient poison;

    public JobEventsConsumer(IServiceScopeFactory scopes, StorageClients clients, StorageRetryPipeline retry, IOptions<QueueOptions> options, ILogger<JobEventsConsumer> logger)
    {
        this.scopes = scopes;
        this.retry = retry;
        this.options = options.Value;
        this.logger = logger;
        queue = clients.Queue(this.options.JobEvents, OnUndecodableAsync);
        poison = clients.Queue(this.options.JobEventsPoison);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.ConsumerStarted(logger, options.JobEvents);
        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.PollFailed(logger, options.JobEvents, options.PollInterval, ex);
                handled = 0;
            }

            if (handled == 0)
            {
                await Task.Delay(options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Receives one batch and handles it; returns how many messages were received.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages = await retry.ExecuteAsync(
            async ct => (await queue.ReceiveMessagesAsync(options.BatchSize, options.VisibilityTimeout, ct).ConfigureAwait(false)).Value,
            cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return messages.Length;
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, message, $"more than {options.MaxDequeueCount} deliveries", cancellationToken).ConfigureAwait(false);
            return;
        }

        JobOutcome outcome;
        try
        {
            outcome = ContractJson.Deserialize<JobOutcome>(message.Body.ToMemory().Span, $"{options.JobEvents} message {message.MessageId}");
        }
        catch (ContractValidationException ex)
        {
            await MoveToPoisonAsync(queue, message, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IJobOutcomeHandler>().HandleAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.OutcomeHandlingFailed(logger, outcome.JobId, outcome.Attempt, outcome.RunId, message.DequeueCount, ex);
            return;
        }

        await retry.ExecuteAsync(async ct => await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task OnUndecodableAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is { } message)
        {
            await MoveToPoisonAsync(args.Queue, message, "the body is not base64", args.CancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MoveToPoisonAsync(QueueClient source, QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        await retry.ExecuteAsync(async ct => await poison.SendMessageAsync(message.Body, cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await retry.ExecuteAsync(async ct => await source.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        Log.MovedToPoison(logger, message.MessageId, options.JobEvents, options.JobEventsPoison, message.DequeueCount, reason);
    }
}
