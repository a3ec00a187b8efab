using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Orchestration.Ports;
using Workflows.Jobs.Processing;
using Workflows.Jobs.Runtime;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Jobs.Tests;

/// <summary>The worker's metrics, as an OpenTelemetry exporter would receive them from <c>Workflows.Jobs</c>.</summary>
[Collection(JobsCollection.Name)]
public sealed class JobMetricsTests(JobsStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_FailingThenSucceeding_CountsEachAttemptByOutcome_AndTheRunsWorkerTimeByDevice()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        string events = $"ev-{Guid.NewGuid():N}"[..20];
        await using var services = await stack.CreateServicesAsync(output, "jobs-misc", events, s => s
            .AddKeyedSingleton<IJobHandler, FailingHandler>(FailingHandler.Kind)
            .AddKeyedSingleton<IJobHandler>(CountingHandler.Kind, new CountingHandler())
            // The stack's worker runs on the CPU: a configured GPU type does not apply to its jobs.
            .Configure<WorkerOptions>(worker => worker.GpuType = "A100"));
        var runner = services.GetRequiredService<JobRunner>();
        string runId = JobsStack.NewRunId();
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == JobMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var tagged = new Dictionary<string, object?>(tags.ToArray());
            // Other collections' jobs may end meanwhile: keep this test's two jobs (their kinds are this collection's).
            if (tagged.GetValueOrDefault("job.kind") is FailingHandler.Kind or CountingHandler.Kind && (!tagged.ContainsKey("run.id") || Equals(tagged["run.id"], runId)))
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, tagged));
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await runner.RunAsync(JobsStack.Job(runId, FailingHandler.Kind), ct);
        await runner.RunAsync(JobsStack.Job(runId, CountingHandler.Kind, step: "r01"), ct);

        var ended = measurements.Where(m => m.Instrument == JobMetrics.EndedName).Select(m => ((string)m.Tags["job.kind"]!, (string)m.Tags["job.outcome"]!, m.Value)).ToList();
        Assert.Equal([(FailingHandler.Kind, "failed", 1.0), (CountingHandler.Kind, "succeeded", 1.0)], ended);
        var durations = measurements.Where(m => m.Instrument == JobMetrics.DurationName).Select(m => m.Value).ToList();
        var workerTime = measurements.Where(m => m.Instrument == JobMetrics.WorkerTimeName).ToList();
        Assert.Equal(2, durations.Count);
        Assert.Equal(durations, workerTime.Select(m => m.Value));
        Assert.All(durations, d => Assert.True(d >= 0, $"duration {d}"));
        Assert.Equal(
            [[("device", "cpu"), ("job.kind", FailingHandler.Kind), ("run.id", runId)], [("device", "cpu"), ("job.kind", CountingHandler.Kind), ("run.id", runId)]],
            workerTime.Select(m => SortedTags(m.Tags)));
        Assert.Equal(
            [[("device", "cpu"), ("job.kind", FailingHandler.Kind), ("job.outcome", "failed")], [("device", "cpu"), ("job.kind", CountingHandler.Kind), ("job.outcome", "succeeded")]],
            measurements.Where(m => m.Instrument == JobMetrics.DurationName).Select(m => SortedTags(m.Tags)));
    }

    [Fact]
    public async Task Processor_DispatchedJobs_AreWaitingUntilAWorkerTakesThem()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        string events = $"ev-{Guid.NewGuid():N}"[..20];
        const string kind = "test.count";
        await using var services = await stack.CreateServicesAsync(output, "jobs-processor", events, s => s.AddKeyedSingleton<IJobHandler>(kind, new CountingHandler()));
        var processor = services.GetRequiredService<Workflows.Jobs.Processing.JobProcessor>();
        var waiting = new List<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Workflows.Infrastructure.WorkflowsActivities.SourceName && instrument.Name == Workflows.Infrastructure.Messaging.JobQueueMetrics.WaitingName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("job.kind", kind)))
            {
                lock (waiting)
                {
                    waiting.Add(value);
                }
            }
        });
        listener.Start();
        string runId = JobsStack.NewRunId();

        foreach (string step in new[] { "w0", "w1" })
        {
            await services.GetRequiredService<IJobDispatcher>().DispatchAsync(JobsStack.Job(runId, kind, step: step), null, ct);
        }

        var queued = waiting.ToList();
        await processor.StartAsync(ct);
        await JobsStack.ReceiveOutcomesAsync(services, events, 2, ct);
        await processor.StopAsync(ct);

        // Two sent, then both taken: the queue holds 2, then 0.
        Assert.Equal([1L, 1L], queued);
        Assert.Equal([1L, 1L, -1L, -1L], waiting);
    }

    private static List<(string Key, string? Value)> SortedTags(Dictionary<string, object?> tags) =>
        [.. tags.Select(t => (t.Key, t.Value as string)).OrderBy(t => t.Key, StringComparer.Ordinal)];
}
