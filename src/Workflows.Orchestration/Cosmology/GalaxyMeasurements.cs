namespace Workflows.Orchestration.Cosmology;

/// <summary>
/// <c>runs/{runId}/measurements.json</c>: how the cascade, the local mean-occupancy benchmark and the HOD baseline compare with the truth
/// over <see cref="Region"/>, their spectra, and mid-plane slices; the report is built from it.
/// </summary>
/// <param name="GridSize">Voxels per side of the painted volume.</param>
/// <param name="BoxSize">Its side in Mpc/h.</param>
/// <param name="Region">Where occupancy and counts are scored, in words.</param>
/// <param name="Scores">One entry per predictor (<c>cascade</c>, <c>benchmark</c>, then <c>hod</c> when the dataset has halo catalogues); empty without truth.</param>
/// <param name="Spectra">P(k), T(k) and r(k) of each predictor's first realisation; null without truth or when a field is empty.</param>
/// <param name="SpectrumScoring">How the predictors' P(k) errors were scored.</param>
/// <param name="Hod">The HOD baseline fitted on the training box; null when the dataset has no halo catalogues.</param>
public sealed record GalaxyMeasurements(
    int GridSize,
    double BoxSize,
    bool HasTruth,
    string Region,
    IReadOnlyList<PredictorScores> Scores,
    IReadOnlyList<GalaxySlice> Slices,
    SpectrumScoring SpectrumScoring,
    GalaxySpectra? Spectra = null,
    HodBaselineFit? Hod = null);

/// <summary>
/// The HOD baseline (predictor <c>hod</c>): Mmin by bisection to the training box's galaxy count, (α, M1) by grid search on
/// P(k) at k ≤ <see cref="MaxK"/>; the target's halos are then populated with the realisations' seeds.
/// </summary>
/// <param name="MinimumMass">Fitted Mmin [Msun/h].</param>
/// <param name="SatelliteMass">Fitted M1 [Msun/h].</param>
/// <param name="CountRatio">Expected over true galaxy count of the training box at the fitted parameters.</param>
/// <param name="SpectrumDistance">Sum over shells with k ≤ MaxK of the squared log ratio of the fitted population's P(k) to the truth's.</param>
/// <param name="TrainingHalos">Halos in the training box's catalogue.</param>
/// <param name="TargetHalos">Halos in the target's catalogue.</param>
public sealed record HodBaselineFit(
    double MinimumMass,
    double SatelliteMass,
    double Alpha,
    double CountRatio,
    double SpectrumDistance,
    double MaxK,
    int TrainingHalos,
    int TargetHalos);

/// <summary>
/// P(k) errors compare catalogues with the true catalogue: each predictor's galaxies are drawn <see cref="Draws"/> times
/// (seeds <see cref="FirstSeed"/>, <see cref="FirstSeed"/> + 1, …) — Poisson realisations of the cascade's mean field
/// scaled by <see cref="CalibrationScale"/> and of the benchmark's fitted mean, HOD populations of the target's halos —
/// and the error is averaged over the draws.
/// </summary>
/// <param name="CalibrationScale">True over predicted total of the cascade on the training region of the training box;
/// null when the cascade predicts no galaxies there (its P(k) is then not scored).</param>
public sealed record SpectrumScoring(int Draws, int FirstSeed, double? CalibrationScale = null);

/// <param name="PkError">Mean over the draws of |P_pred/P_true − 1| averaged over shells with k ≤ k_Nyq/2 (null when not scored).</param>
/// <param name="PkErrorSpread">Its standard deviation over the draws.</param>
/// <param name="PkErrorFull">Mean over the draws of the error over every shell.</param>
public sealed record PredictorScores(
    string Predictor,
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double PredictedTotal,
    double TrueTotal,
    double MeanSquaredError,
    double? PkError = null,
    double? PkErrorSpread = null,
    double? PkErrorFull = null);

/// <summary>Spectra of the truth and each predictor on the painted volume (shells 1 … N/2 − 1, mode-averaged k in h/Mpc).</summary>
public sealed record GalaxySpectra(
    IReadOnlyList<double> K,
    IReadOnlyList<long> ModeCount,
    double ShotNoise,
    IReadOnlyList<double> Truth,
    IReadOnlyList<PredictorSpectrum> Predictors);

/// <param name="Transfer">T(k) = P_pred / P_truth.</param>
/// <param name="CrossCorrelation">r(k) = P_pred×truth / sqrt(P_pred · P_truth).</param>
public sealed record PredictorSpectrum(string Predictor, IReadOnlyList<double> Power, IReadOnlyList<double> Transfer, IReadOnlyList<double> CrossCorrelation);

/// <summary>A Size × Size plane through the middle of the volume (x = N/2), row-major.</summary>
public sealed record GalaxySlice(string Label, int Size, IReadOnlyList<float> Values);
