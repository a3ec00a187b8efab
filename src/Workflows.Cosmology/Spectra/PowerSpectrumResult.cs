namespace Workflows.Cosmology.Spectra;

/// <summary>
/// P(k) per shell m = 1 … N/2 − 1 (shell m holds modes with m ≤ |n| &lt; m + 1). <see cref="ModeCount"/>
/// counts full-grid modes (both members of each conjugate pair: 26 in shell 1). <see cref="ShotNoise"/>
/// is V / (sum of the field), meaningful for count grids; it is reported, never subtracted.
/// </summary>
public sealed record PowerSpectrumResult(
    double BoxSize,
    int GridSize,
    double[] K,
    double[] Power,
    long[] ModeCount,
    double ShotNoise,
    bool PaperMode)
{
    public double FundamentalK => 2 * Math.PI / BoxSize;

    public double NyquistK => Math.PI * GridSize / BoxSize;

    public int ShellCount => K.Length;
}

/// <summary>Auto and cross spectra of two fields on the same grid (A: prediction, B: truth).</summary>
public sealed record CrossSpectrumResult(PowerSpectrumResult A, PowerSpectrumResult B, double[] Cross)
{
    /// <summary>T(k) = P_A / P_B.</summary>
    public double[] Transfer => A.Power.Zip(B.Power, (a, b) => a / b).ToArray();

    /// <summary>r(k) = P_AB / sqrt(P_A · P_B).</summary>
    public double[] CrossCorrelation => Cross.Select((c, i) => c / Math.Sqrt(A.Power[i] * B.Power[i])).ToArray();
}
