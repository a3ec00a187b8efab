namespace Workflows.Orchestration.Cosmology;

/// <summary>
/// <c>runs/{runId}/measurements.json</c>: how the cascade and the local mean-occupancy benchmark compare with the truth
/// over <see cref="Region"/>, their spectra, and mid-plane slices; the report is built from it.
/// </summary>
/// <param name="GridSize">Voxels per side of the painted volume.</param>
/// <param name="BoxSize">Its side in Mpc/h.</param>
/// <param name="Region">Where occupancy and counts are scored, in words.</param>
/// <param name="Scores">One entry per predictor (<c>cascade</c>, <c>benchmark</c>); empty without truth.</param>
/// <param name="Spectra">P(k), T(k) and r(k); null without truth or when a field is empty.</param>
public sealed record GalaxyMeasurements(
    int GridSize,
    double BoxSize,
    bool HasTruth,
    string Region,
    IReadOnlyList<PredictorScores> Scores,
    GalaxySpectra? Spectra,
    IReadOnlyList<GalaxySlice> Slices);

/// <param name="PkError">Mean |P_pred/P_true − 1| over shells with k ≤ k_Nyq/2 (null when the prediction is empty).</param>
/// <param name="PkErrorFull">The same over every shell.</param>
public sealed record PredictorScores(
    string Predictor,
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double PredictedTotal,
    double TrueTotal,
    double MeanSquaredError,
    double? PkError,
    double? PkErrorFull);

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
