using System.Buffers.Binary;
using Workflows.Contracts;

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
        ["Workflows:Jobs:RetryBudget"] = RetryBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workflows:Jobs:BackoffBase"] = BackoffBase.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Workflows:Jobs:BackoffMax"] = "00:00:02",
        ["Workflows:Orchestration:HeartbeatCheckInterval"] = "00:00:01",
        ["Workflows:Orchestration:HeartbeatStaleAfter"] = StaleAfter.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
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

    /// <summary>The stack's index of a worker from the id it reports (<c>worker-{index}</c>).</summary>
    public static int WorkerIndex(string workerId) => int.Parse(workerId["worker-".Length..], System.Globalization.CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class FaultStackCollection : ICollectionFixture<FaultStackFixture>
{
    public const string Name = "fault stack";
}
