namespace Workflows.Cosmology.Synthetic;

public enum GalaxyRule
{
    /// <summary>
    /// N ~ Poisson(λ(ρ)) with λ = A ((ρ/ρ_th)^β − 1) above ρ_th and 0 below (continuous, so ρ_th can be tuned to
    /// the target occupancy); ρ is the dark-matter count the model sees, so the posterior 1 − e^−λ is known exactly.
    /// </summary>
    Local,

    /// <summary>Centrals at density peaks with satellites scattered over neighbouring voxels: needs context to predict.</summary>
    NonLocal,

    /// <summary>Halos at density peaks with a power-law mass function, populated by a known HOD.</summary>
    Hod,
}

/// <summary>A synthetic universe's recipe; every field is a documented default and the seed fixes the outcome.</summary>
public sealed record UniverseSpec
{
    public int GridSize { get; init; } = 64;

    /// <summary>Box side [Mpc/h].</summary>
    public double BoxSize { get; init; } = 100;

    public int Seed { get; init; }

    public GalaxyRule Rule { get; init; } = GalaxyRule.Local;

    /// <summary>Standard deviation of the Gaussian field behind the log-normal dark matter.</summary>
    public double DensitySigma { get; init; } = 1.0;

    /// <summary>Smoothing scale of the Gaussian field's spectrum P ∝ k^−1 exp(−(k R)²) [Mpc/h].</summary>
    public double SmoothingLength { get; init; } = 2.0;

    public double MeanParticlesPerVoxel { get; init; } = 8;

    /// <summary>Fraction of voxels holding a galaxy (studies: 0.4–0.5 %).</summary>
    public double TargetOccupancy { get; init; } = 0.005;

    /// <summary>A in λ = A ((ρ/ρ_th)^β − 1).</summary>
    public double LocalAmplitude { get; init; } = 0.5;

    /// <summary>β in λ = A ((ρ/ρ_th)^β − 1).</summary>
    public double LocalExponent { get; init; } = 1.5;

    /// <summary>Mean satellites per peak for the non-local rule, scattered up to <see cref="SatelliteSpread"/> voxels away.</summary>
    public double SatellitesPerPeak { get; init; } = 2;

    public int SatelliteSpread { get; init; } = 2;

    public HodParameters Hod { get; init; } = new(MinimumMass: 3e12, SatelliteMass: 2.5e13, Alpha: 1.0);

    /// <summary>Halo mass range of the power-law mass function dn/dM ∝ M^−2 [Msun/h].</summary>
    public double MinimumHaloMass { get; init; } = 1e12;

    public double MaximumHaloMass { get; init; } = 1e15;
}
