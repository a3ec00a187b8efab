using System.Collections.Concurrent;
using Workflows.Contracts;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.Orchestration.Tests.Support;

/// <summary>What a simulated worker does with one dispatched attempt.</summary>
internal abstract record WorkerReply
{
    public sealed record Succeed(double ValidationRecall) : WorkerReply;

    public sealed record Fail(string Error) : WorkerReply;

    public sealed record Cancel : WorkerReply;

    /// <summary>The attempt starts (one heartbeat) and is lost, like a killed worker: no result, no further heartbeat, no outcome.</summary>
    public sealed record Silent : WorkerReply;
}

/// <summary>
/// The job queue plus workers, simulated on our ports: a dispatched message is answered by <see cref="Script"/>, following
/// the worker protocol (write-once <c>result.json</c>, then the outcome through <see cref="IJobOutcomeHandler"/>).
/// </summary>
internal sealed class SimulatedWorkers(InMemoryBlobStore blobs) : IJobDispatcher
{
    private readonly ConcurrentQueue<JobMessage> dispatched = new();
    private readonly ConcurrentBag<Task> replies = [];

    public IReadOnlyList<JobMessage> Dispatched => dispatched.ToList();

    /// <summary>Default: every round succeeds; dense 0.20 and each pruned round 0.001 lower.</summary>
    public Func<JobMessage, TrainRoundParameters, WorkerReply> Script { get; set; } =
        (_, parameters) => new WorkerReply.Succeed(0.20 - 0.001 * parameters.Round);

    /// <summary>How <c>platform.no-op</c> jobs are answered (they carry no train-round parameters); default: every one succeeds.</summary>
    public Func<JobMessage, WorkerReply> NoOpScript { get; set; } = _ => new WorkerReply.Succeed(0);

    public IJobOutcomeHandler? Outcomes { get; set; }

    public Task DispatchAsync(JobMessage message, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        dispatched.Enqueue(message);
        var reply = message.Kind == JobKinds.NoOp ? NoOpScript(message) : Script(message, message.ParametersAs<TrainRoundParameters>());
        replies.Add(Task.Run(() => ReplyAsync(message, reply)));
        return Task.CompletedTask;
    }

    private async Task ReplyAsync(JobMessage message, WorkerReply reply)
    {
        var started = DateTimeOffset.UtcNow;
        var metrics = new Dictionary<string, double>();
        switch (reply)
        {
            case WorkerReply.Silent:
                var heartbeat = new JobProgress { JobId = message.JobId, Attempt = message.Attempt, WorkerId = "simulated", UpdatedAt = started };
                await blobs.WriteAsync(BlobLayout.JobProgress(message.RunId, message.JobId), new MemoryStream(ContractJson.SerializeToUtf8Bytes(heartbeat)), CancellationToken.None);
                return;
            case WorkerReply.Succeed succeed:
                if (message.Kind == JobKinds.RecsysTrainRound)
                {
                    metrics[TrainRoundMetrics.ValidationRecall20] = succeed.ValidationRecall;
                    metrics[TrainRoundMetrics.TestRecall20] = succeed.ValidationRecall - 0.01;
                    metrics[TrainRoundMetrics.NonZeros] = message.ParametersAs<TrainRoundParameters>().TargetNonZeros;
                }

                var result = new JobResult
                {
                    JobId = message.JobId,
                    RunId = message.RunId,
                    Kind = message.Kind,
                    Attempt = message.Attempt,
                    WorkerId = "simulated",
                    Metrics = metrics,
                    StartedAt = started,
                    FinishedAt = started.AddSeconds(10),
                };
                await blobs.TryCreateAsync(BlobLayout.JobResult(message.RunId, message.JobId), ContractJson.SerializeToUtf8Bytes(result), CancellationToken.None);
                break;
        }

        // Like a real worker, every attempt that ends leaves its log, which marks the attempt number as used.
        await blobs.WriteAsync(BlobLayout.AttemptLog(message.RunId, message.JobId, message.Attempt), new MemoryStream("simulated"u8.ToArray()), CancellationToken.None);
        var outcome = new JobOutcome
        {
            JobId = message.JobId,
            RunId = message.RunId,
            InstanceId = message.InstanceId,
            Attempt = message.Attempt,
            Status = reply switch
            {
                WorkerReply.Succeed => JobStatus.Succeeded,
                WorkerReply.Cancel => JobStatus.Cancelled,
                _ => JobStatus.Failed,
            },
            ResultPath = reply is WorkerReply.Succeed ? BlobLayout.JobResult(message.RunId, message.JobId).ToString() : null,
            Metrics = metrics,
            Error = reply is WorkerReply.Fail fail ? fail.Error : null,
            WorkerId = "simulated",
            StartedAt = started,
            FinishedAt = started.AddSeconds(10),
        };
        await Outcomes!.HandleAsync(outcome, CancellationToken.None);
    }
}

internal sealed class FixedDatasetPreparer : IRecsysDatasetPreparer
{
    /// <summary>10 users + 10 items: with embedding size 4 the table has 80 entries.</summary>
    public Task<PreparedRecsysDataset> PrepareAsync(string runId, DatasetManifest manifest, LotteryTicketSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult(new PreparedRecsysDataset(BlobLayout.Prepared(runId, "dataset.bin").ToString(), 10, 10, 100, 10, 20, 0));
}

/// <summary>Records the tickets the promote step exports (the export itself is the engine's, tested in Workflows.Recsys.Tests).</summary>
internal sealed class RecordingTickets : IRecsysTickets
{
    public ConcurrentQueue<(ModelPointer Pointer, string PreparedDataset)> Exported { get; } = new();

    public Task<string> ExportAsync(ModelPointer pointer, string preparedDataset, CancellationToken cancellationToken)
    {
        Exported.Enqueue((pointer, preparedDataset));
        return Task.FromResult(BlobLayout.ModelTicket(pointer.Dataset, pointer.Model, pointer.PromotedBy).ToString());
    }

    public Task<IReadOnlyList<UserRecommendations>> RecommendAsync(string ticket, IReadOnlyList<string> userIds, int k, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("orchestrations never score tickets");
}

internal sealed class RecordingReportWriter : IRunReportWriter
{
    public ConcurrentQueue<LotteryTicketReportInput> Written { get; } = new();

    public Task<RunReportLocation> WriteAsync(LotteryTicketReportInput input, CancellationToken cancellationToken)
    {
        Written.Enqueue(input);
        return Task.FromResult(new RunReportLocation(BlobLayout.ReportJson(input.RunId).ToString(), BlobLayout.ReportMarkdown(input.RunId).ToString()));
    }
}
