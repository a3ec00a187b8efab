using Workflows.Contracts;
using Workflows.Orchestration.Application;
using Workflows.Testing;

namespace Workflows.Orchestration.Tests;

public sealed class JobStatusReaderTests
{
    private const string RunId = "toy-0123456789abcdef";
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly InMemoryBlobStore blobs = new();

    private void Put<T>(BlobPath path, T document) => blobs.Put(path, ContractJson.SerializeToUtf8Bytes(document));

    private void Heartbeat(string jobId, int attempt, string worker, int epoch) => Put(BlobLayout.JobProgress(RunId, jobId), new JobProgress
    {
        JobId = jobId, Attempt = attempt, WorkerId = worker, Epoch = epoch, TotalEpochs = 5,
        Metrics = new Dictionary<string, double> { ["loss"] = 0.5 }, UpdatedAt = T0.AddMinutes(epoch),
    });

    private void Failures(string jobId, params AttemptFailure[] failures) =>
        Put(BlobLayout.JobAttempts(RunId, jobId), new JobAttempts { JobId = jobId, Failures = failures });

    [Fact]
    public async Task ReadAsync_JobsInEveryState_SummarisesEachFromItsBlobs()
    {
        Heartbeat("a.running", 1, "w1", 2);
        Heartbeat("b.retried", 2, "w2", 1);
        Failures("b.retried", new AttemptFailure(1, "w1", "boom", T0));
        Heartbeat("c.failed", 2, "w2", 3);
        Failures("c.failed", new AttemptFailure(1, "w1", "boom 1", T0), new AttemptFailure(2, "w2", "boom 2", T0.AddMinutes(9)));
        Heartbeat("d.done", 1, "w1", 5);
        Put(BlobLayout.JobResult(RunId, "d.done"), new JobResult
        {
            JobId = "d.done", RunId = RunId, Kind = JobKinds.NoOp, Attempt = 1, WorkerId = "w3",
            Metrics = new Dictionary<string, double> { ["val.recall@20"] = 0.25 }, StartedAt = T0, FinishedAt = T0.AddMinutes(6),
        });
        blobs.Put(BlobLayout.AttemptArtifact(RunId, "e.artifacts-only", 1, "weights.npy"), [1, 2, 3]);

        var jobs = await new JobStatusReader(blobs).ReadAsync(RunId, CancellationToken.None);

        Assert.Equal(["a.running", "b.retried", "c.failed", "d.done"], jobs.Select(j => j.JobId));
        Assert.Equal(
            [(JobState.Running, 1, "w1", 0), (JobState.Running, 2, "w2", 1), (JobState.Failed, 2, "w2", 2), (JobState.Succeeded, 1, "w3", 0)],
            jobs.Select(j => (j.State, j.Attempt, j.WorkerId, j.Failures.Count)));
        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(1), T0.AddMinutes(3), T0.AddMinutes(5)], jobs.Select(j => j.LastHeartbeat!.Value));
        Assert.Equal(0.5, jobs[0].Metrics["loss"]);
        Assert.Equal(0.25, Assert.Single(jobs[3].Metrics).Value);
        Assert.Equal(BlobLayout.JobResult(RunId, "d.done").ToString(), jobs[3].ResultPath);
        Assert.Null(jobs[2].ResultPath);
    }

    [Fact]
    public async Task ReadAsync_CancelledRun_ShowsUnfinishedJobsAsCancelledAndFinishedOnesAsSucceeded()
    {
        Heartbeat("a.stopped", 1, "w1", 2);
        Heartbeat("b.done", 1, "w1", 5);
        Put(BlobLayout.JobResult(RunId, "b.done"), new JobResult
        {
            JobId = "b.done", RunId = RunId, Kind = JobKinds.NoOp, Attempt = 1, WorkerId = "w1",
            Metrics = new Dictionary<string, double>(), StartedAt = T0, FinishedAt = T0.AddMinutes(6),
        });
        blobs.Put(BlobLayout.CancelMarker(RunId), []);

        var jobs = await new JobStatusReader(blobs).ReadAsync(RunId, CancellationToken.None);

        Assert.Equal([("a.stopped", JobState.Cancelled), ("b.done", JobState.Succeeded)], jobs.Select(j => (j.JobId, j.State)));
    }
}
