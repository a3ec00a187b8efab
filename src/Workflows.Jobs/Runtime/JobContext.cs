using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Runtime;

/// <summary>
/// What a handler sees of one attempt: the message, the blob store, this attempt's artifact folder, the job's checkpoint,
/// and the heartbeat that also checks the run's cancel marker. The first heartbeat is written before the handler runs,
/// so every attempt that started has a <c>progress.json</c>, however quickly it ends; heartbeats then continue in the
/// background every <c>Workflows:Jobs:HeartbeatInterval</c>, so a long epoch still looks alive.
/// </summary>
public sealed class JobContext : IAsyncDisposable
{
    private readonly JobCheckpoints checkpoints;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly CancellationTokenSource stopHeartbeat = new();
    private Task heartbeatLoop = Task.CompletedTask;
    private JobProgress progress;

    private JobContext(JobMessage message, string workerId, IBlobStore blobs, TimeProvider time, ILogger logger)
    {
        this.logger = logger;
        Message = message;
        WorkerId = workerId;
        Blobs = blobs;
        this.time = time;
        checkpoints = new JobCheckpoints(blobs, BlobLayout.Checkpoint(message.RunId, message.JobId));
        progress = new JobProgress { JobId = message.JobId, Attempt = message.Attempt, WorkerId = workerId, UpdatedAt = time.GetUtcNow() };
    }

    /// <summary>Writes the attempt's first heartbeat, then keeps beating in the background until disposed.</summary>
    internal static async Task<JobContext> StartAsync(
        JobMessage message, string workerId, IBlobStore blobs, TimeSpan heartbeatInterval, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var context = new JobContext(message, workerId, blobs, time, logger);
        await context.BeatAsync(cancellationToken).ConfigureAwait(false);
        context.heartbeatLoop = context.BeatEveryAsync(heartbeatInterval, context.stopHeartbeat.Token);
        return context;
    }

    public JobMessage Message { get; }

    public string WorkerId { get; }

    public int Attempt => Message.Attempt;

    /// <summary>For reading inputs; write artifacts through <see cref="WriteArtifactAsync"/>.</summary>
    public IBlobStore Blobs { get; }

    /// <summary>Streams an artifact into this attempt's own folder (<c>attempts/{n}/</c>); returns its path for <see cref="JobHandlerResult.Artifacts"/>.</summary>
    public async Task<string> WriteArtifactAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var path = BlobLayout.AttemptArtifact(Message.RunId, Message.JobId, Message.Attempt, name);
        await Blobs.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
        return path.ToString();
    }

    /// <summary>The job's latest checkpoint, whichever attempt wrote it; null when the job starts from scratch.</summary>
    public Task<JobCheckpoint?> LoadCheckpointAsync(CancellationToken cancellationToken) => checkpoints.LoadAsync(cancellationToken);

    /// <summary>Stores the state after <paramref name="epoch"/> epochs; false (nothing written) when a checkpoint of that epoch or later exists.</summary>
    public Task<bool> SaveCheckpointAsync(int epoch, ReadOnlyMemory<byte> state, CancellationToken cancellationToken) =>
        checkpoints.SaveAsync(epoch, state, cancellationToken);

    /// <summary>
    /// Writes <c>progress.json</c> for the finished epoch, then checks the run's cancel marker. Non-finite metrics (a
    /// best-so-far before the first evaluation, a diverged loss) are left out: JSON cannot carry them, and a heartbeat
    /// must never fail the attempt it reports on.
    /// </summary>
    /// <exception cref="JobCancelledException">The run was cancelled: stop and let the runtime report it.</exception>
    public async Task EpochCompletedAsync(int epoch, int totalEpochs, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var finite = metrics.Where(m => double.IsFinite(m.Value)).ToDictionary();
        await WriteProgressAsync(progress with { Epoch = epoch, TotalEpochs = totalEpochs, Metrics = finite }, cancellationToken).ConfigureAwait(false);
        await ThrowIfRunCancelledAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="JobCancelledException">The run's cancel marker exists.</exception>
    public async Task ThrowIfRunCancelledAsync(CancellationToken cancellationToken)
    {
        if (await Blobs.GetVersionAsync(BlobLayout.CancelMarker(Message.RunId), cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new JobCancelledException(Message.RunId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopHeartbeat.CancelAsync().ConfigureAwait(false);
        await heartbeatLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopHeartbeat.Dispose();
        writeGate.Dispose();
    }

    private async Task WriteProgressAsync(JobProgress next, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            progress = next with { UpdatedAt = time.GetUtcNow() };
            using var body = new MemoryStream(ContractJson.SerializeToUtf8Bytes(progress), writable: false);
            await Blobs.WriteAsync(BlobLayout.JobProgress(Message.RunId, Message.JobId), body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private async Task BeatEveryAsync(TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            await BeatAsync(stopping).ConfigureAwait(false);
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteProgressAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Retried at the next tick; the orchestration only gives up after a heartbeat stays stale.
            Log.HeartbeatFailed(logger, Message.JobId, Message.Attempt, ex);
        }
    }
}
