using System.Diagnostics.Metrics;
using Azure;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workflows.Infrastructure.Messaging;

/// <summary>
/// The gauge <c>workflows.queue.depth</c> (meter <see cref="WorkflowsActivities.SourceName"/>, tag <c>queue</c>): the jobs
/// queue's active message count as the broker reports it (<c>GetQueueRuntimePropertiesAsync</c>), read every
/// <see cref="ServiceBusOptions.QueueDepthInterval"/> and cached, so that collecting the gauge never waits on the broker.
/// Nothing is reported until the first read succeeds; a failed read keeps the last value and is logged.
/// </summary>
public sealed class JobsQueueDepth : BackgroundService
{
    public const string GaugeName = "workflows.queue.depth";

    private readonly ServiceBusAdministrationClient administration;
    private readonly ServiceBusOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<JobsQueueDepth> logger;
    private readonly Meter meter = new(WorkflowsActivities.SourceName);
    private long depth = -1;

    public JobsQueueDepth(ServiceBusAdministrationClient administration, IOptions<ServiceBusOptions> options, TimeProvider time, ILogger<JobsQueueDepth> logger)
    {
        this.administration = administration;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        meter.CreateObservableGauge(GaugeName, Observe, "{message}", "Active messages on the jobs queue, as the broker counts them, by queue");
    }

    /// <summary>The last depth read; null before the first successful read.</summary>
    public long? Depth => Volatile.Read(ref depth) is var value and >= 0 ? value : null;

    /// <summary>Reads the queue's active message count once.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            var properties = await administration.GetQueueRuntimePropertiesAsync(options.JobsQueue, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref depth, properties.Value.ActiveMessageCount);
        }
        catch (Exception error) when (error is ServiceBusException or RequestFailedException or UnauthorizedAccessException or HttpRequestException)
        {
            Log.QueueDepthReadFailed(logger, options.JobsQueue, error);
        }
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.QueueDepthInterval == TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.QueueDepthInterval, time);
        try
        {
            do
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private IEnumerable<Measurement<long>> Observe() =>
        Depth is { } value ? [new Measurement<long>(value, new KeyValuePair<string, object?>("queue", options.JobsQueue))] : [];
}
