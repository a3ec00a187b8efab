using System.Collections.Concurrent;
using System.Text;
using Workflows.Jobs.Runtime;

namespace Workflows.Jobs.Tests;

/// <summary>Writes one artifact naming its attempt and counts executions.</summary>
public sealed class CountingHandler : IJobHandler
{
    public const string Kind = "test.count";

    public int Executions;

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Executions);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes($"attempt {context.Attempt}"));
        string path = await context.WriteArtifactAsync("out.txt", content, cancellationToken);
        return new JobHandlerResult(new Dictionary<string, double> { ["value"] = 42 }, new Dictionary<string, string> { ["out"] = path });
    }
}

public sealed class FailingHandler : IJobHandler
{
    public const string Kind = "test.fail";

    public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"boom in attempt {context.Attempt}");
}

/// <summary>
/// Trains <see cref="TotalEpochs"/> "epochs": resumes from the checkpoint, waits for the test to release each epoch,
/// checkpoints after it and reports it (which checks the cancel marker).
/// </summary>
public sealed class EpochHandler : IJobHandler
{
    public const string Kind = "test.epochs";
    public const int TotalEpochs = 4;

    public SemaphoreSlim Release { get; } = new(0);

    public ConcurrentQueue<int> StartEpochs { get; } = new();

    public ConcurrentQueue<int> FinishedEpochs { get; } = new();

    /// <summary>Epochs whose heartbeat and cancel check passed.</summary>
    public ConcurrentQueue<int> ReportedEpochs { get; } = new();

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var checkpoint = await context.LoadCheckpointAsync(cancellationToken);
        int start = checkpoint?.Epoch ?? 0;
        StartEpochs.Enqueue(start);
        for (int epoch = start; epoch < TotalEpochs; epoch++)
        {
            await Release.WaitAsync(cancellationToken);
            await context.SaveCheckpointAsync(epoch + 1, Encoding.UTF8.GetBytes($"state after {epoch + 1}"), cancellationToken);
            FinishedEpochs.Enqueue(epoch);
            await context.EpochCompletedAsync(epoch, TotalEpochs, new Dictionary<string, double> { ["loss"] = 1.0 / (epoch + 1) }, cancellationToken);
            ReportedEpochs.Enqueue(epoch);
        }

        return new JobHandlerResult(new Dictionary<string, double> { ["epochs"] = TotalEpochs }, new Dictionary<string, string>());
    }
}

/// <summary>Reports one epoch the way <c>recsys.train-round</c> does before its first evaluation: no best recall yet.</summary>
public sealed class UnevaluatedEpochHandler : IJobHandler
{
    public const string Kind = "test.unevaluated-epoch";

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        await context.EpochCompletedAsync(1, 5, new Dictionary<string, double>
        {
            ["loss"] = 0.5,
            ["best.selection.recall@20"] = double.NegativeInfinity,
            ["grad.norm"] = double.NaN,
        }, cancellationToken);
        return new JobHandlerResult(new Dictionary<string, double> { ["epochs"] = 1 }, new Dictionary<string, string>());
    }
}

/// <summary>Writes an artifact, then waits until <see cref="Parties"/> attempts have written theirs, so they finish together.</summary>
public sealed class BarrierHandler : IJobHandler
{
    public const string Kind = "test.barrier";
    public const int Parties = 2;

    private int arrived;
    private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes($"weights of attempt {context.Attempt}"));
        string path = await context.WriteArtifactAsync("weights.bin", content, cancellationToken);
        if (Interlocked.Increment(ref arrived) == Parties)
        {
            allArrived.SetResult();
        }

        await allArrived.Task.WaitAsync(cancellationToken);
        return new JobHandlerResult(new Dictionary<string, double> { ["attempt"] = context.Attempt }, new Dictionary<string, string> { ["weights"] = path });
    }
}
