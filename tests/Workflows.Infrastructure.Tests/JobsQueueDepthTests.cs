using System.Diagnostics.Metrics;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Infrastructure.Messaging;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Infrastructure.Tests;

/// <summary>The <c>workflows.queue.depth</c> gauge reads the jobs queue's counts from the broker's management endpoint.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class JobsQueueDepthTests(InfrastructureStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task SampleAsync_ThreeWaitingMessagesAndOneScheduled_GaugeReadsThree()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await stack.CreateServicesAsync(output, new Dictionary<string, string?> { ["Workflows:ServiceBus:JobsQueue"] = "jobs-depth" }, s => s.AddJobsQueueDepth());
        await using (var sender = services.GetRequiredService<ServiceBusClient>().CreateSender("jobs-depth"))
        {
            for (int i = 0; i < 3; i++)
            {
                await sender.SendMessageAsync(new ServiceBusMessage($"job {i}"), ct);
            }

            await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddHours(1), ct);
        }

        var depth = services.GetRequiredService<JobsQueueDepth>();
        Assert.Empty(Observe());
        await depth.SampleAsync(ct);

        // Nobody receives from the queue: three active messages; the scheduled one is not active yet.
        Assert.Equal([(3L, "jobs-depth")], Observe());
        var counts = (await services.GetRequiredService<ServiceBusAdministrationClient>().GetQueueRuntimePropertiesAsync("jobs-depth", ct)).Value;
        Assert.Equal(("jobs-depth", 3L, 1L, 0L, 4L), (counts.Name, counts.ActiveMessageCount, counts.ScheduledMessageCount, counts.DeadLetterMessageCount, counts.TotalMessageCount));
    }

    [Fact]
    public async Task SampleAsync_QueueTheBrokerDoesNotHave_ReportsNothing()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await stack.CreateServicesAsync(output, new Dictionary<string, string?> { ["Workflows:ServiceBus:JobsQueue"] = "no-such-queue" }, s => s.AddJobsQueueDepth());
        var depth = services.GetRequiredService<JobsQueueDepth>();

        await depth.SampleAsync(ct);

        Assert.Null(depth.Depth);
        await Assert.ThrowsAsync<ServiceBusException>(() => services.GetRequiredService<ServiceBusAdministrationClient>().GetQueueRuntimePropertiesAsync("no-such-queue", ct));
    }

    /// <summary>One collection of the gauge: each measurement's value and <c>queue</c> tag.</summary>
    private static List<(long Value, string? Queue)> Observe()
    {
        var measurements = new List<(long, string?)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WorkflowsActivities.SourceName && instrument.Name == JobsQueueDepth.GaugeName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            measurements.Add((value, tags.ToArray().Single(t => t.Key == "queue").Value as string)));
        listener.Start();
        listener.RecordObservableInstruments();
        return measurements;
    }
}
