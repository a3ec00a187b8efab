namespace Workflows.Cosmology.Spectra;

/// <summary>The studies' headline scalar: mean |P_pred/P_true − 1| over shells up to a k limit.</summary>
public static class SpectrumErrors
{
    public static double MeanRelativeError(PowerSpectrumResult predicted, PowerSpectrumResult truth, double kMax = double.PositiveInfinity)
    {
        if (predicted.ShellCount != truth.ShellCount || predicted.BoxSize != truth.BoxSize)
            throw new ArgumentException("Spectra must come from the same box and grid size.", nameof(predicted));
        var errors = Enumerable.Range(0, truth.ShellCount)
            .Where(i => truth.K[i] <= kMax)
            .Select(i => Math.Abs(predicted.Power[i] / truth.Power[i] - 1))
            .ToArray();
        if (errors.Length == 0) throw new ArgumentException($"No shell has k ≤ {kMax}.", nameof(kMax));
        return errors.Average();
    }

    /// <summary>Restricted to k ≤ k_Nyq/2 so that shot-noise scales do not dominate.</summary>
    public static double MeanRelativeErrorHalfNyquist(PowerSpectrumResult predicted, PowerSpectrumResult truth) =>
        MeanRelativeError(predicted, truth, truth.NyquistK / 2);
}
