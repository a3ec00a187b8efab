using Workflows.Contracts;

namespace Workflows.Orchestration.Ports;

/// <summary>
/// Converts a recommender dataset's user files into the compact prepared form workers read
/// (<c>runs/{runId}/prepared/...</c>). Implemented over the recommender engine; CPU work, run as an activity.
/// </summary>
public interface IRecsysDatasetPreparer
{
    /// <exception cref="ContractValidationException">A file is malformed; the errors name the file and line.</exception>
    Task<PreparedRecsysDataset> PrepareAsync(string runId, DatasetManifest manifest, LotteryTicketSpec spec, CancellationToken cancellationToken);
}

/// <param name="DatasetBlob">The prepared dataset, e.g. <c>runs/{runId}/prepared/dataset.bin</c>.</param>
/// <param name="DroppedTestUsers">Users seen only in test (no training items), excluded from evaluation.</param>
public sealed record PreparedRecsysDataset(
    string DatasetBlob,
    int Users,
    int Items,
    long TrainInteractions,
    long ValidationInteractions,
    long TestInteractions,
    int DroppedTestUsers);
