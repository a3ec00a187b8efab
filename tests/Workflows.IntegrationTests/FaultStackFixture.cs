using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Workflows.Contracts;
using Workflows.LocalStack;

namespace Workflows.IntegrationTests;

/// <summary>
/// The local stack for fault tests: two workers (one may die while the other takes over), a heartbeat every half second,
/// an attempt presumed lost after <see cref="StaleAfter"/> of silence, and retries after a short backoff, so faults are
/// detected in seconds instead of the production defaults' minutes. Its own collection, so killed workers and failing
/// jobs never share a stack with the happy-path tests.
/// </summary>
public sealed class FaultStackFixture() : StackFixture(workers: 2, Settings)
{
    public const int RetryBudget = 2;

    public static TimeSpan StaleAfter { get; } = TimeSpan.FromSeconds(10);

    public static TimeSpan BackoffBase { get; } = TimeSpan.FromMilliseconds(500);

    private static Dictionary<string, string> Settings => new()
    {
        ["Workflows:Jobs:HeartbeatInterval"] = "00:00:00.500",
        ["Workflows:Jobs:RetryBudget"] = RetryBudget.ToString(CultureInfo.InvariantCulture),
        ["Workflows:Jobs:BackoffBase"] = BackoffBase.ToString("c", CultureInfo.InvariantCulture),
        ["Workflows:Jobs:BackoffMax"] = "00:00:02",
        ["Workflows:Orchestration:HeartbeatCheckInterval"] = "00:00:01",
        ["Workflows:Orchestration:HeartbeatStaleAfter"] = StaleAfter.ToString("c", CultureInfo.InvariantCulture),
    };

    /// <summary>Polls the job's heartbeat until it reports at least <paramref name="epoch"/> finished epochs.</summary>
    public async Task<JobProgress> WaitForEpochAsync(string runId, string jobId, int epoch, CancellationToken cancellationToken)
    {
        var blob = Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(BlobLayout.JobProgress(runId, jobId).Name);
        while (true)
        {
            if (await blob.ExistsAsync(cancellationToken))
            {
                var progress = await ReadRunBlobAsync<JobProgress>(blob.Name, cancellationToken);
                if (progress.Epoch >= epoch)
                {
                    return progress;
                }
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The epoch count in the header of the job's checkpoint (see the worker's checkpoint format).</summary>
    public async Task<int> ReadCheckpointEpochAsync(string runId, string jobId, CancellationToken cancellationToken)
    {
        var content = await Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(BlobLayout.Checkpoint(runId, jobId).Name)
            .DownloadContentAsync(cancellationToken);
        return BinaryPrimitives.ReadInt32LittleEndian(content.Value.Content.ToMemory().Span[4..8]);
    }

    /// <summary>
    /// Freezes a stack program (SIGSTOP): alive, holding its message locks and connections, but silent, like a process
    /// stuck in a long pause or a frozen VM. <see cref="ResumeAsync"/> thaws it where it stopped.
    /// </summary>
    public static Task PauseAsync(StackProcess process) => SignalAsync(process, "STOP");

    public static Task ResumeAsync(StackProcess process) => SignalAsync(process, "CONT");

    /// <summary>The stack's index of a worker from the id it reports (<c>worker-{index}</c>).</summary>
    public static int WorkerIndex(string workerId) => int.Parse(workerId["worker-".Length..], CultureInfo.InvariantCulture);

    private static async Task SignalAsync(StackProcess process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.ProcessId.ToString(CultureInfo.InvariantCulture)]))
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.ProcessId} ({process.Name}) exited with code {kill.ExitCode}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultStackCollection : ICollectionFixture<FaultStackFixture>
{
    public const string Name = "fault stack";
}
