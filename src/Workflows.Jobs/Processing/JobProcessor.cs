using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Messaging;
using Workflows.Jobs.Runtime;

namespace Workflows.Jobs.Processing;

/// <summary>
/// Feeds the <c>jobs</c> queue to <see cref="JobRunner"/>: prefetch 0 (no lock ages in a buffer), one call per slot, lock
/// renewal up to the job's deadline (<see cref="MessageLockRenewal"/>), explicit completion. On stop it receives nothing new and the
/// in-flight attempts are cancelled and their messages abandoned, so another worker picks them up from their checkpoints.
/// </summary>
public sealed class JobProcessor : IHostedService, IAsyncDisposable
{
    public const string ActivitySourceName = "Workflows.Jobs";
    private static readonly ActivitySource Activities = new(ActivitySourceName);

    private readonly ServiceBusProcessor processor;
    private readonly JobRunner runner;
    private readonly WorkerOptions worker;
    private readonly ILogger<JobProcessor> logger;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();

    public JobProcessor(
        ServiceBusClient client, JobRunner runner, IOptions<ServiceBusOptions> serviceBus, IOptions<WorkerOptions> worker, TimeProvider time, ILogger<JobProcessor> logger)
    {
        this.runner = runner;
        this.worker = worker.Value;
        this.logger = logger;
        this.time = time;
        processor = client.CreateProcessor(serviceBus.Value.JobsQueue, new ServiceBusProcessorOptions
        {
            PrefetchCount = 0,
            MaxConcurrentCalls = this.worker.Slots,
            AutoCompleteMessages = false,
            // Renewed per message, up to its job's deadline.
            MaxAutoLockRenewalDuration = TimeSpan.Zero,
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
        });
        processor.ProcessMessageAsync += ProcessMessageAsync;
        processor.ProcessErrorAsync += ProcessErrorAsync;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
        Log.ProcessorStarted(logger, runner.WorkerId, processor.EntityPath, worker.Slots);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.ProcessorStopping(logger, runner.WorkerId);
        // Cancel running attempts first: StopProcessingAsync waits for in-flight handlers to return.
        await stopping.CancelAsync().ConfigureAwait(false);
        await processor.StopProcessingAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await processor.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task ProcessMessageAsync(ProcessMessageEventArgs args)
    {
        var received = args.Message;
        // The dispatcher puts the kind in the subject, so even a malformed message leaves the count it entered.
        JobQueueMetrics.Taken(received.Subject);
        JobMessage message;
        try
        {
            message = ContractJson.Deserialize<JobMessage>(received.Body.ToMemory().Span, $"jobs message {received.MessageId}");
        }
        catch (ContractValidationException ex)
        {
            Log.MalformedMessage(logger, received.MessageId, ex);
            await args.DeadLetterMessageAsync(received, "malformed-job-message", JobOutcome.TruncateError(ex.Message), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        using var activity = Activities.StartActivity("jobs process", ActivityKind.Consumer, JobMessageProperties.ParentContext(received.ApplicationProperties) ?? default);
        activity?.SetTag(JobMessageProperties.RunId, message.RunId);
        activity?.SetTag(JobMessageProperties.JobId, message.JobId);
        activity?.SetTag(JobMessageProperties.Attempt, message.Attempt);
        // Inherited by the attempt's own spans (blob reads and writes, outcome), which tag themselves with it.
        activity?.AddBaggage(JobMessageProperties.RunId, message.RunId);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["RunId"] = message.RunId,
            ["JobId"] = message.JobId,
            ["Attempt"] = message.Attempt,
            ["WorkerId"] = runner.WorkerId,
        });

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(args.CancellationToken, stopping.Token);
        using var attemptEnded = new CancellationTokenSource();
        var renewal = MessageLockRenewal.RenewUntilAsync(args, message.Deadline, time, logger, attemptEnded.Token);
        JobDisposition disposition;
        try
        {
            disposition = await runner.RunAsync(message, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            disposition = JobDisposition.Abandon;
        }
        finally
        {
            await attemptEnded.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        // Settle with no token: the stop signal must not keep an abandon from reaching the broker.
        if (disposition == JobDisposition.Complete)
        {
            await args.CompleteMessageAsync(received, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await args.AbandonMessageAsync(received, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            JobQueueMetrics.Returned(received.Subject);
        }
    }

    private Task ProcessErrorAsync(ProcessErrorEventArgs args)
    {
        Log.ProcessorError(logger, args.ErrorSource.ToString(), args.EntityPath, args.Exception);
        return Task.CompletedTask;
    }
}
