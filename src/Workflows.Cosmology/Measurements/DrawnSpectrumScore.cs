using Workflows.Cosmology.Grids;
using Workflows.Cosmology.Spectra;

namespace Workflows.Cosmology.Measurements;

/// <summary>
/// A predictor's P(k) mean relative error scored like for like with a catalogue: over <see cref="Draws"/> seeded
/// realisations (seeds <see cref="FirstSeed"/>, <see cref="FirstSeed"/> + 1, …), each measured against the truth, as
/// mean ± standard deviation over the draws so that one lucky draw does not decide. A mean field lacks the catalogue's
/// shot noise, which dominates P(k) at 0.5 % occupancy, so it is never scored directly.
/// </summary>
/// <param name="HalfNyquist">Mean over draws of the error at k ≤ k_Nyq/2.</param>
/// <param name="HalfNyquistSpread">Its sample standard deviation over draws (0 for one draw).</param>
/// <param name="FullRange">Mean over draws of the error over every shell.</param>
public sealed record DrawnSpectrumScore(int Draws, int FirstSeed, double HalfNyquist, double HalfNyquistSpread, double FullRange)
{
    /// <summary>Scores <paramref name="draw"/>(seed) for each seed; <paramref name="measure"/> gives a draw's spectrum, comparable with <paramref name="truth"/>.</summary>
    public static DrawnSpectrumScore Measure(Func<int, VoxelGrid> draw, int firstSeed, int draws, Func<VoxelGrid, PowerSpectrumResult> measure, PowerSpectrumResult truth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        var errors = Enumerable.Range(firstSeed, draws).Select(seed =>
        {
            var spectrum = measure(draw(seed));
            return (Half: SpectrumErrors.MeanRelativeErrorHalfNyquist(spectrum, truth), Full: SpectrumErrors.MeanRelativeError(spectrum, truth));
        }).ToList();
        double half = errors.Average(e => e.Half);
        double spread = draws == 1 ? 0 : Math.Sqrt(errors.Sum(e => (e.Half - half) * (e.Half - half)) / (draws - 1));
        return new DrawnSpectrumScore(draws, firstSeed, half, spread, errors.Average(e => e.Full));
    }
}
