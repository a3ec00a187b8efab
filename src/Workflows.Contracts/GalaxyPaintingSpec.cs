namespace Workflows.Contracts;

/// <summary>A galaxy-painting run: train the two-phase cascade once, then paint the target volume tile by tile.</summary>
public sealed record GalaxyPaintingSpec
{
    /// <summary><c>reproduce</c> (independent lattice tiles, the studies' protocol) or <c>halo</c> (tiles cut with neighbour halos).</summary>
    public string TilingMode { get; init; } = "halo";

    /// <summary>Interior tile side in voxels; a multiple of 2^(pooling levels) of the model.</summary>
    public int TileSize { get; init; } = 32;

    /// <summary>Halo width in voxels; ignored in reproduce mode, whose tiles have none.</summary>
    public int Halo { get; init; } = 8;

    /// <summary>Model size: <c>cpu-small</c>, <c>halo-exact</c> or <c>study</c>.</summary>
    public string ModelPreset { get; init; } = "cpu-small";

    /// <summary>When the target volume is not a multiple of the tile lattice: pad with zeros (true) or reject (false).</summary>
    public bool PadToLattice { get; init; } = true;

    public int ClassifierEpochs { get; init; } = 5;

    public int RegressorEpochs { get; init; } = 5;

    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 1e-3;

    public double ClassWeight { get; init; } = 80;

    public double RegressionWeight { get; init; } = 1.05;

    public int Seed { get; init; } = 2019;

    /// <summary>Tiles per prediction job.</summary>
    public int TilesPerJob { get; init; } = 8;

    /// <summary>Prediction jobs in flight per wave.</summary>
    public int WaveWidth { get; init; } = 4;

    /// <summary>Seeded Poisson realisations over which each predictor's P(k) error is averaged (seeds <see cref="Seed"/>, <see cref="Seed"/> + 1, …).</summary>
    public int SpectrumDraws { get; init; } = 8;

    /// <summary>Satellite slopes α searched by the HOD baseline's grid fit (when the dataset has halo catalogues).</summary>
    public IReadOnlyList<double> HodAlphas { get; init; } = [0.6, 0.8, 1.0, 1.2, 1.4];

    /// <summary>Satellite masses M1 [Msun/h] searched by the HOD baseline's grid fit, half a decade apart around the studies' 2.53e11.</summary>
    public IReadOnlyList<double> HodSatelliteMasses { get; init; } = [2.5e11, 8e11, 2.5e12, 8e12, 2.5e13, 8e13];

    public IReadOnlyList<ValidationError> Validate(string field)
    {
        var errors = new List<ValidationError>();
        string[] modes = ["reproduce", "halo"];
        string[] presets = ["cpu-small", "halo-exact", "study"];
        if (!modes.Contains(TilingMode))
        {
            errors.Add(new($"{field}.tilingMode", $"'{TilingMode}' is unknown; expected one of {string.Join(", ", modes)}"));
        }

        if (!presets.Contains(ModelPreset))
        {
            errors.Add(new($"{field}.modelPreset", $"'{ModelPreset}' is unknown; expected one of {string.Join(", ", presets)}"));
        }

        if (TileSize is < 8 or > 256 || TileSize % 8 != 0)
        {
            errors.Add(new($"{field}.tileSize", "must be a multiple of 8 between 8 and 256"));
        }

        if (Halo is < 0 or > 64)
        {
            errors.Add(new($"{field}.halo", "must be between 0 and 64"));
        }

        Check(errors, $"{field}.classifierEpochs", ClassifierEpochs is >= 1 and <= 1000, "must be between 1 and 1000");
        Check(errors, $"{field}.regressorEpochs", RegressorEpochs is >= 1 and <= 1000, "must be between 1 and 1000");
        Check(errors, $"{field}.batchSize", BatchSize is >= 1 and <= 4096, "must be between 1 and 4096");
        Check(errors, $"{field}.learningRate", LearningRate is > 0 and <= 10, "must be in (0, 10]");
        Check(errors, $"{field}.classWeight", ClassWeight is >= 1 and <= 10000, "must be between 1 and 10000");
        Check(errors, $"{field}.regressionWeight", RegressionWeight is >= 1 and <= 1000, "must be between 1 and 1000");
        Check(errors, $"{field}.tilesPerJob", TilesPerJob is >= 1 and <= 4096, "must be between 1 and 4096");
        Check(errors, $"{field}.waveWidth", WaveWidth is >= 1 and <= 256, "must be between 1 and 256");
        Check(errors, $"{field}.spectrumDraws", SpectrumDraws is >= 1 and <= 64, "must be between 1 and 64");
        Check(errors, $"{field}.hodAlphas", HodAlphas.Count is >= 1 and <= 32 && HodAlphas.All(a => a is > 0 and <= 5), "must hold 1 to 32 slopes in (0, 5]");
        Check(errors, $"{field}.hodSatelliteMasses", HodSatelliteMasses.Count is >= 1 and <= 32 && HodSatelliteMasses.All(m => m > 0 && double.IsFinite(m)),
            "must hold 1 to 32 positive, finite masses in Msun/h");
        return errors;
    }

    private static void Check(List<ValidationError> errors, string field, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(new(field, message));
        }
    }
}
