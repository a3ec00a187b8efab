using Workflows.Contracts;

namespace Workflows.Orchestration.Cosmology;

/// <summary>Job ids of a galaxy-painting run.</summary>
public static class CosmoJobIds
{
    /// <summary><c>{runId}.cosmo.train</c>.</summary>
    public static string Train(string runId) => Identifiers.JobId(runId, "cosmo", "train");

    /// <summary>
    /// <c>{runId}.cosmo.p{index}</c>; a job redone because the stitcher rejected its output gets a new id
    /// (<c>…p{index}-redo{n}</c>), since a job's <c>result.json</c> is written once.
    /// </summary>
    public static string Predict(string runId, int index, int redo = 0) =>
        Identifiers.JobId(runId, "cosmo", redo == 0 ? $"p{index:D4}" : $"p{index:D4}-redo{redo}");
}
