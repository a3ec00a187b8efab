using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;

namespace Workflows.Reporting;

/// <summary>
/// <c>report.json</c> of a galaxy-painting run: the resolved spec, the plan, training, prediction, the measurements of
/// cascade vs benchmark, worker time per job kind, and the plots.
/// </summary>
/// <param name="Training">The train job's headline metrics (empty when it did not succeed).</param>
/// <param name="PredictJobs">Job ids of the stitched prediction jobs, by job index.</param>
/// <param name="RedoneJobs">Prediction jobs the stitcher rejected and had redone, with why.</param>
/// <param name="WorkerSeconds">Worker time as the run's status counts it.</param>
/// <param name="WorkerTimeByKind">
/// Jobs, worker time and devices per job kind, from the results of the train job and the stitched prediction jobs (a job
/// replaced by its redo is counted in <paramref name="WorkerSeconds"/> only).
/// </param>
public sealed record GalaxyPaintingReport(
    int SchemaVersion,
    string RunId,
    string Dataset,
    RunState State,
    RunSpec Spec,
    IReadOnlyList<string> Errors,
    GalaxyPlan? Plan,
    IReadOnlyDictionary<string, double> Training,
    IReadOnlyList<string> PredictJobs,
    IReadOnlyList<RejectedJob> RedoneJobs,
    GalaxyMeasurements? Measurements,
    double WorkerSeconds,
    double WallSeconds,
    IReadOnlyList<JobKindAccounting> WorkerTimeByKind,
    IReadOnlyList<PlotReference> Plots)
{
    /// <summary>
    /// 2: P(k) errors are means ± spread over seeded realisations (the cascade's calibrated), not of the cascade's mean field;
    /// measurements carry the scoring (draws, first seed, calibration scale) and the HOD baseline's fit.
    /// 3: <see cref="WorkerTimeByKind"/> accounts worker time per job kind with the devices the jobs ran on.
    /// </summary>
    public const int CurrentSchemaVersion = 3;
}
