using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Spectra;

public sealed record PowerSpectrumOptions
{
    public static readonly PowerSpectrumOptions Default = new();

    /// <summary>
    /// The studies' convention, only for comparing with their figures: k at bin centres, no window
    /// deconvolution, and non-periodic cut-outs allowed (which the standard mode refuses).
    /// </summary>
    public static readonly PowerSpectrumOptions PaperCompatible = new() { PaperMode = true, Periodic = false };

    /// <summary>Divide each mode by the squared mass-assignment window; null leaves the field as it is.</summary>
    public MassAssignment? DeconvolveWindow { get; init; }

    /// <summary>True if the grid is a whole periodic box; a cut-out can only be measured in paper mode.</summary>
    public bool Periodic { get; init; } = true;

    public bool PaperMode { get; init; }

    /// <summary>The grid already holds δ (e.g. a Gaussian random field); otherwise δ = ρ/ρ̄ − 1 is formed.</summary>
    public bool InputIsOverdensity { get; init; }
}
