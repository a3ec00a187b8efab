using System.Text;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Jobs.Tests;

[Collection(JobsCollection.Name)]
public sealed class JobRunnerTests(JobsStack stack, ITestOutputHelper output)
{
    private readonly CountingHandler counting = new();
    private readonly EpochHandler epochs = new();
    private readonly BarrierHandler barrier = new();
    private readonly string events = $"ev-{Guid.NewGuid():N}"[..20];

    private Task<ServiceProvider> ServicesAsync(string jobsQueue = "jobs-misc")
    {
        return stack.CreateServicesAsync(output, jobsQueue, events, services => services
            .AddKeyedSingleton<IJobHandler>(CountingHandler.Kind, counting)
            .AddKeyedSingleton<IJobHandler, FailingHandler>(FailingHandler.Kind)
            .AddKeyedSingleton<IJobHandler>(EpochHandler.Kind, epochs)
            .AddKeyedSingleton<IJobHandler>(BarrierHandler.Kind, barrier)
            .AddKeyedSingleton<IJobHandler, UnevaluatedEpochHandler>(UnevaluatedEpochHandler.Kind));
    }

    private static async Task<T?> ReadAsync<T>(IBlobStore blobs, BlobPath path, CancellationToken ct) where T : class =>
        await blobs.TryReadAsync(path, ct) is { } content ? ContractJson.Deserialize<T>(content.Data.Span, path.ToString()) : null;

    [Fact]
    public async Task RunAsync_DuplicateDelivery_RunsOnceWritesOneResultAndPublishesItTwice()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var runner = services.GetRequiredService<JobRunner>();
        var blobs = services.GetRequiredService<IBlobStore>();
        var job = JobsStack.Job(JobsStack.NewRunId(), CountingHandler.Kind);

        Assert.Equal(JobDisposition.Complete, await runner.RunAsync(job, ct));
        Assert.Equal(JobDisposition.Complete, await runner.RunAsync(job, ct));

        Assert.Equal(1, counting.Executions);
        var result = await ReadAsync<JobResult>(blobs, BlobLayout.JobResult(job.RunId, job.JobId), ct);
        Assert.Equal(1, result!.Attempt);
        Assert.Equal("test-worker", result.WorkerId);
        // The stack configures its worker for the CPU (and this machine has no CUDA).
        Assert.Equal("cpu", result.Device);
        Assert.Equal(42, result.Metrics["value"]);
        Assert.Equal(BlobLayout.AttemptArtifact(job.RunId, job.JobId, 1, "out.txt").ToString(), result.Artifacts["out"]);
        var outcomes = await JobsStack.ReceiveOutcomesAsync(services, events, 2, ct);
        Assert.All(outcomes, o =>
        {
            Assert.Equal(JobStatus.Succeeded, o.Status);
            Assert.Equal(BlobLayout.JobResult(job.RunId, job.JobId).ToString(), o.ResultPath);
            Assert.Equal(job.InstanceId, o.InstanceId);
            Assert.Equal(result.StartedAt, o.StartedAt);
        });
        var progress = await ReadAsync<JobProgress>(blobs, BlobLayout.JobProgress(job.RunId, job.JobId), ct);
        Assert.Equal(1, progress!.Attempt);
    }

    [Fact]
    public async Task RunAsync_HeartbeatBeforeFirstEvaluation_SucceedsOnFirstAttemptWithFiniteMetricsOnly()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var blobs = services.GetRequiredService<IBlobStore>();
        var job = JobsStack.Job(JobsStack.NewRunId(), UnevaluatedEpochHandler.Kind);

        Assert.Equal(JobDisposition.Complete, await services.GetRequiredService<JobRunner>().RunAsync(job, ct));

        var result = await ReadAsync<JobResult>(blobs, BlobLayout.JobResult(job.RunId, job.JobId), ct);
        Assert.Equal(1, result!.Attempt);
        Assert.Null(await blobs.GetVersionAsync(BlobLayout.JobAttempts(job.RunId, job.JobId), ct));
        var progress = await ReadAsync<JobProgress>(blobs, BlobLayout.JobProgress(job.RunId, job.JobId), ct);
        Assert.Equal((1, 5), (progress!.Epoch, progress.TotalEpochs));
        Assert.Equal(new Dictionary<string, double> { ["loss"] = 0.5 }, progress.Metrics);
        var outcome = Assert.Single(await JobsStack.ReceiveOutcomesAsync(services, events, 1, ct));
        Assert.Equal((JobStatus.Succeeded, 1), (outcome.Status, outcome.Attempt));
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesMidJob_CancelsTheAttemptAndDropsItWithoutOutcome()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var blobs = services.GetRequiredService<IBlobStore>();
        var job = JobsStack.Job(JobsStack.NewRunId(), EpochHandler.Kind) with { Deadline = DateTimeOffset.UtcNow.AddSeconds(2) };

        var running = services.GetRequiredService<JobRunner>().RunAsync(job, ct);
        epochs.Release.Release();

        Assert.Equal(JobDisposition.Complete, await running);
        Assert.Equal([0], epochs.FinishedEpochs);
        Assert.Null(await blobs.GetVersionAsync(BlobLayout.JobResult(job.RunId, job.JobId), ct));
        Assert.Null(await blobs.GetVersionAsync(BlobLayout.JobAttempts(job.RunId, job.JobId), ct));
        Assert.Empty(await JobsStack.ReceiveOutcomesAsync(services, events, 0, ct));
    }

    [Fact]
    public async Task RunAsync_DeadlineAlreadyPassed_DropsTheMessageWithoutRunning()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var job = JobsStack.Job(JobsStack.NewRunId(), CountingHandler.Kind) with { Deadline = DateTimeOffset.UtcNow.AddSeconds(-1) };

        Assert.Equal(JobDisposition.Complete, await services.GetRequiredService<JobRunner>().RunAsync(job, ct));

        Assert.Equal(0, counting.Executions);
        Assert.Null(await services.GetRequiredService<IBlobStore>().GetVersionAsync(BlobLayout.JobProgress(job.RunId, job.JobId), ct));
        Assert.Empty(await JobsStack.ReceiveOutcomesAsync(services, events, 0, ct));
    }

    [Fact]
    public async Task RunAsync_ResultOfEarlierAttemptExists_RepublishesItWithoutRunning()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var blobs = services.GetRequiredService<IBlobStore>();
        var job = JobsStack.Job(JobsStack.NewRunId(), CountingHandler.Kind, attempt: 4);
        var existing = new JobResult
        {
            JobId = job.JobId, RunId = job.RunId, Kind = job.Kind, Attempt = 2, WorkerId = "other-worker",
            Metrics = new Dictionary<string, double> { ["recall@20"] = 0.31 },
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(90),
            Details = System.Text.Json.JsonSerializer.SerializeToElement(new { }),
        };
        Assert.True(await blobs.TryCreateAsync(BlobLayout.JobResult(job.RunId, job.JobId), ContractJson.SerializeToUtf8Bytes(existing), ct));

        Assert.Equal(JobDisposition.Complete, await services.GetRequiredService<JobRunner>().RunAsync(job, ct));

        Assert.Equal(0, counting.Executions);
        var outcome = Assert.Single(await JobsStack.ReceiveOutcomesAsync(services, events, 1, ct));
        Assert.Equal((2, "other-worker", 0.31, 90.0), (outcome.Attempt, outcome.WorkerId, outcome.Metrics["recall@20"], outcome.WorkerSeconds));
    }

    [Fact]
    public async Task RunAsync_HandlerAlwaysThrows_RetriesWithBackoffThenPublishesFailedWithLogs()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync("jobs-retry");
        var runner = services.GetRequiredService<JobRunner>();
        var blobs = services.GetRequiredService<IBlobStore>();
        await using var receiver = services.GetRequiredService<ServiceBusClient>().CreateReceiver("jobs-retry");
        var job = JobsStack.Job(JobsStack.NewRunId(), FailingHandler.Kind);

        // RetryBudget 2: attempts 1 and 2 schedule the next one (backoff 200 ms, then min(400, 300) ms); attempt 3 fails the job.
        TimeSpan[] expectedDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)];
        var message = job;
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(attempt, message.Attempt);
            Assert.Equal(JobDisposition.Complete, await runner.RunAsync(message, ct));
            if (attempt == 3)
            {
                break;
            }

            var next = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), ct);
            Assert.NotNull(next);
            await receiver.CompleteMessageAsync(next, ct);
            var ledger = await ReadAsync<JobAttempts>(blobs, BlobLayout.JobAttempts(job.RunId, job.JobId), ct);
            Assert.Equal(ledger!.Failures[^1].FailedAt + expectedDelays[attempt - 1], next.ScheduledEnqueueTime, TimeSpan.FromMilliseconds(1));
            Assert.Equal($"{job.JobId}#{attempt + 1}", next.MessageId);
            message = ContractJson.Deserialize<JobMessage>(next.Body.ToMemory().Span, "next");
        }

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(800), ct));
        var failed = Assert.Single(await JobsStack.ReceiveOutcomesAsync(services, events, 1, ct));
        Assert.Equal((JobStatus.Failed, 3, "InvalidOperationException: boom in attempt 3"), (failed.Status, failed.Attempt, failed.Error));
        var attempts = await ReadAsync<JobAttempts>(blobs, BlobLayout.JobAttempts(job.RunId, job.JobId), ct);
        Assert.Equal([1, 2, 3], attempts!.Failures.Select(f => f.Attempt));
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            string log = Encoding.UTF8.GetString((await blobs.TryReadAsync(BlobLayout.AttemptLog(job.RunId, job.JobId, attempt), ct))!.Data.Span);
            Assert.Contains($"System.InvalidOperationException: boom in attempt {attempt}", log);
            Assert.Contains("at Workflows.Jobs.Tests.FailingHandler.ExecuteAsync", log);
        }

        Assert.Null(await blobs.GetVersionAsync(BlobLayout.JobResult(job.RunId, job.JobId), ct));
    }

    [Fact]
    public async Task RunAsync_FailedAttemptRedelivered_DoesNotRunOrCountTwice()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync("jobs-retry");
        var runner = services.GetRequiredService<JobRunner>();
        await using var receiver = services.GetRequiredService<ServiceBusClient>().CreateReceiver("jobs-retry");
        var job = JobsStack.Job(JobsStack.NewRunId(), FailingHandler.Kind);

        await runner.RunAsync(job, ct);
        await runner.RunAsync(job, ct);

        var attempts = await ReadAsync<JobAttempts>(services.GetRequiredService<IBlobStore>(), BlobLayout.JobAttempts(job.RunId, job.JobId), ct);
        Assert.Single(attempts!.Failures);
        var next = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), ct);
        await receiver.CompleteMessageAsync(next!, ct);
        Assert.Equal($"{job.JobId}#2", next!.MessageId);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(800), ct));
    }

    [Fact]
    public async Task RunAsync_UnknownKind_FailsAtOnceWithoutRetry()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var job = JobsStack.Job(JobsStack.NewRunId(), "cosmo.unknown");

        Assert.Equal(JobDisposition.Complete, await services.GetRequiredService<JobRunner>().RunAsync(job, ct));

        var failed = Assert.Single(await JobsStack.ReceiveOutcomesAsync(services, events, 1, ct));
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("'cosmo.unknown' has no handler in this worker", failed.Error);
    }

    [Fact]
    public async Task RunAsync_CancelMarkerWrittenMidJob_StopsAfterTheEpochAndPublishesCancelled()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var blobs = services.GetRequiredService<IBlobStore>();
        var job = JobsStack.Job(JobsStack.NewRunId(), EpochHandler.Kind);

        var running = services.GetRequiredService<JobRunner>().RunAsync(job, ct);
        epochs.Release.Release();
        while (epochs.ReportedEpochs.IsEmpty)
        {
            await Task.Delay(20, ct);
        }

        Assert.True(await blobs.TryCreateAsync(BlobLayout.CancelMarker(job.RunId), "{}"u8.ToArray(), ct));
        epochs.Release.Release();

        Assert.Equal(JobDisposition.Complete, await running);
        Assert.Equal([0, 1], epochs.FinishedEpochs);
        Assert.Equal([0], epochs.ReportedEpochs);
        var cancelled = Assert.Single(await JobsStack.ReceiveOutcomesAsync(services, events, 1, ct));
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.Null(await blobs.GetVersionAsync(BlobLayout.JobResult(job.RunId, job.JobId), ct));
    }

    [Fact]
    public async Task RunAsync_InterruptedByShutdown_AbandonsAndNextAttemptResumesFromCheckpoint()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var runner = services.GetRequiredService<JobRunner>();
        var blobs = services.GetRequiredService<IBlobStore>();
        var job = JobsStack.Job(JobsStack.NewRunId(), EpochHandler.Kind);
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var first = runner.RunAsync(job, shutdown.Token);
        epochs.Release.Release(2);
        while (epochs.ReportedEpochs.Count < 2)
        {
            await Task.Delay(20, ct);
        }

        await shutdown.CancelAsync();
        Assert.Equal(JobDisposition.Abandon, await first);
        var progress = await ReadAsync<JobProgress>(blobs, BlobLayout.JobProgress(job.RunId, job.JobId), ct);
        Assert.Equal((1, EpochHandler.TotalEpochs), (progress!.Epoch, progress.TotalEpochs));

        epochs.Release.Release(EpochHandler.TotalEpochs);
        Assert.Equal(JobDisposition.Complete, await runner.RunAsync(job with { Attempt = 2 }, ct));

        Assert.Equal([0, 2], epochs.StartEpochs);
        Assert.Equal([0, 1, 2, 3], epochs.FinishedEpochs);
        var result = await ReadAsync<JobResult>(blobs, BlobLayout.JobResult(job.RunId, job.JobId), ct);
        Assert.Equal(2, result!.Attempt);
        Assert.Null(await blobs.GetVersionAsync(BlobLayout.JobAttempts(job.RunId, job.JobId), ct));
        var checkpoint = await blobs.TryReadAsync(BlobLayout.Checkpoint(job.RunId, job.JobId), ct);
        Assert.EndsWith("state after 4", Encoding.UTF8.GetString(checkpoint!.Data.Span));
    }

    [Fact]
    public async Task RunAsync_TwoAttemptsAtOnce_OneResultBothArtifactsIntactSameOutcome()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await ServicesAsync();
        var runner = services.GetRequiredService<JobRunner>();
        var blobs = services.GetRequiredService<IBlobStore>();
        var job = JobsStack.Job(JobsStack.NewRunId(), BarrierHandler.Kind);

        var dispositions = await Task.WhenAll(runner.RunAsync(job, ct), runner.RunAsync(job with { Attempt = 2 }, ct));

        Assert.All(dispositions, d => Assert.Equal(JobDisposition.Complete, d));
        var result = await ReadAsync<JobResult>(blobs, BlobLayout.JobResult(job.RunId, job.JobId), ct);
        Assert.Contains(result!.Attempt, new[] { 1, 2 });
        Assert.Equal(result.Attempt, result.Metrics["attempt"]);
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var artifact = await blobs.TryReadAsync(BlobLayout.AttemptArtifact(job.RunId, job.JobId, attempt, "weights.bin"), ct);
            Assert.Equal($"weights of attempt {attempt}", Encoding.UTF8.GetString(artifact!.Data.Span));
        }

        var outcomes = await JobsStack.ReceiveOutcomesAsync(services, events, 2, ct);
        Assert.All(outcomes, o => Assert.Equal((JobStatus.Succeeded, result.Attempt), (o.Status, o.Attempt)));
    }
}
