namespace Workflows.Contracts;

public enum DatasetKind
{
    Recsys,
    Cosmology,
}

/// <summary>Whether uploading the manifest starts a run (<see cref="Auto"/>) or only registers the dataset.</summary>
public enum DatasetTrigger
{
    Auto,
    Manual,
}

public enum RetrainSchedule
{
    None,
    Nightly,
}

/// <summary>
/// <c>datasets/{name}/dataset.json</c>: what a dataset holds and how to read it. Uploaded last, so its arrival means every
/// file it names is complete.
/// </summary>
public sealed record DatasetManifest
{
    public required string Name { get; init; }

    public required DatasetKind Kind { get; init; }

    /// <summary>Files relative to <c>datasets/{name}/</c>, each with its role (see <see cref="FileRoles"/>).</summary>
    public required IReadOnlyList<DatasetFile> Files { get; init; }

    public DatasetTrigger Trigger { get; init; } = DatasetTrigger.Auto;

    public RetrainSchedule Retrain { get; init; } = RetrainSchedule.None;

    /// <summary>How recommender interaction files are read; defaults fit LightGCN text files.</summary>
    public InteractionFormat? Interactions { get; init; }

    /// <summary>Geometry of cosmology grids: box side, grid size and periodicity.</summary>
    public GridGeometry? Grid { get; init; }

    /// <summary>The run started when the manifest arrives; the family's defaults when absent.</summary>
    public RunSpec? DefaultRun { get; init; }

    public DatasetFile? FileWithRole(string role) => Files.FirstOrDefault(f => f.Role == role);

    /// <summary>Parses and validates a manifest; every problem is reported at once, named by field.</summary>
    public static DatasetManifest Parse(ReadOnlySpan<byte> json, string source)
    {
        if (json.Length > SizeLimits.MaxManifestBytes)
        {
            throw new ContractValidationException(source,
                [new ValidationError("$", $"the manifest is {json.Length} bytes; the limit is {SizeLimits.MaxManifestBytes}")]);
        }

        var manifest = ContractJson.Deserialize<DatasetManifest>(json, source);
        var errors = manifest.Validate();
        return errors.Count == 0 ? manifest : throw new ContractValidationException(source, errors);
    }

    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (!Identifiers.IsValidDatasetName(Name))
        {
            errors.Add(new("name", $"'{Name}' must be 1-{Identifiers.MaxDatasetNameLength} characters of a-z, 0-9 and '-', starting with a letter or digit"));
        }

        if (Files.Count == 0)
        {
            errors.Add(new("files", "at least one file is required"));
        }
        else if (Files.Count > SizeLimits.MaxManifestFiles)
        {
            errors.Add(new("files", $"{Files.Count} files; the limit is {SizeLimits.MaxManifestFiles}"));
        }

        var seenPaths = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Files.Count; i++)
        {
            var file = Files[i];
            string field = $"files[{i}]";
            if (!Identifiers.IsSafeRelativePath(file.Path))
            {
                errors.Add(new($"{field}.path", $"'{file.Path}' must be a relative path without '..', '\\' or a leading '/'"));
            }
            else if (file.Path == BlobLayout.ManifestFileName)
            {
                errors.Add(new($"{field}.path", "the manifest cannot list itself"));
            }
            else if (!seenPaths.Add(file.Path))
            {
                errors.Add(new($"{field}.path", $"'{file.Path}' is listed twice"));
            }

            if (!FileRoles.IsKnown(Kind, file.Role))
            {
                errors.Add(new($"{field}.role", $"'{file.Role}' is not a {Kind.ToString().ToLowerInvariant()} role; expected one of {string.Join(", ", FileRoles.For(Kind))}"));
            }
        }

        foreach (string role in FileRoles.RequiredFor(Kind).Where(r => Files.All(f => f.Role != r)))
        {
            errors.Add(new("files", $"a file with role '{role}' is required for a {Kind.ToString().ToLowerInvariant()} dataset"));
        }

        bool hasSplit = Files.Any(f => f.Role == FileRoles.Train) && Files.Any(f => f.Role == FileRoles.Test);
        if (Kind == DatasetKind.Recsys && !hasSplit && Files.All(f => f.Role != FileRoles.Interactions))
        {
            errors.Add(new("files", "a recommender dataset needs either a 'train' and a 'test' file or one 'interactions' table"));
        }

        if (Kind == DatasetKind.Cosmology && Files.All(f => f.Role is not (FileRoles.DarkMatterTrain or FileRoles.Particles)))
        {
            errors.Add(new("files", $"a cosmology dataset needs its training dark matter: a '{FileRoles.DarkMatterTrain}' grid or a '{FileRoles.Particles}' snapshot"));
        }

        if (Kind == DatasetKind.Cosmology && Grid is null)
        {
            errors.Add(new("grid", "cosmology datasets must give the grid geometry (boxSize, gridSize, periodic)"));
        }

        if (Grid is not null)
        {
            errors.AddRange(Grid.Validate("grid"));
        }

        if (Interactions is not null)
        {
            errors.AddRange(Interactions.Validate("interactions"));
        }

        if (DefaultRun is not null)
        {
            errors.AddRange(DefaultRun.Validate().Select(e => e with { Field = $"defaultRun.{e.Field}" }));
            var expected = RunSpec.ExperimentFor(Kind);
            if (DefaultRun.Family != expected)
            {
                errors.Add(new("defaultRun.family", $"a {Kind.ToString().ToLowerInvariant()} dataset runs '{ContractJson.Serialize(expected).Trim('"')}'"));
            }
        }

        return errors;
    }
}

public sealed record DatasetFile
{
    public required string Path { get; init; }

    public required string Role { get; init; }

    /// <summary>Format hint: <c>lightgcn</c>, <c>tsv</c>, <c>csv</c>, <c>npy</c>, <c>hdf5</c>; inferred from the extension when absent.</summary>
    public string? Format { get; init; }

    /// <summary>HDF5 dataset path inside the file, when <see cref="Format"/> is <c>hdf5</c>.</summary>
    public string? Dataset { get; init; }
}

/// <summary>Reading options for interaction tables (CSV/TSV) and LightGCN text files.</summary>
public sealed record InteractionFormat
{
    /// <summary><c>lightgcn</c> (<c>uid item item ...</c>) or <c>table</c> (<c>user,item[,rating][,timestamp]</c>).</summary>
    public string Layout { get; init; } = "lightgcn";

    public bool Header { get; init; }

    /// <summary>Interactions with a rating below this are dropped; no threshold keeps all and ignores the rating column.</summary>
    public double? RatingThreshold { get; init; }

    public IReadOnlyList<ValidationError> Validate(string field)
    {
        string[] layouts = ["lightgcn", "table"];
        return layouts.Contains(Layout)
            ? []
            : [new ValidationError($"{field}.layout", $"'{Layout}' is unknown; expected one of {string.Join(", ", layouts)}")];
    }
}

/// <summary>A periodic (or not) box of side <see cref="BoxSize"/> (Mpc/h) sampled on <see cref="GridSize"/>³ voxels.</summary>
public sealed record GridGeometry
{
    public required double BoxSize { get; init; }

    public required int GridSize { get; init; }

    public bool Periodic { get; init; } = true;

    /// <summary>Side of the target (painted) volume in voxels when it differs from the training grid.</summary>
    public int? TargetGridSize { get; init; }

    public IReadOnlyList<ValidationError> Validate(string field)
    {
        var errors = new List<ValidationError>();
        if (!(BoxSize > 0) || double.IsInfinity(BoxSize))
        {
            errors.Add(new($"{field}.boxSize", "must be a positive, finite length in Mpc/h"));
        }

        if (GridSize is < 8 or > 4096)
        {
            errors.Add(new($"{field}.gridSize", "must be between 8 and 4096 voxels per side"));
        }

        if (TargetGridSize is < 8 or > 4096)
        {
            errors.Add(new($"{field}.targetGridSize", "must be between 8 and 4096 voxels per side"));
        }

        return errors;
    }
}

/// <summary>The role of each file in a dataset.</summary>
public static class FileRoles
{
    public const string Train = "train";
    public const string Test = "test";
    public const string Interactions = "interactions";

    public const string DarkMatterTrain = "dm-train";
    public const string GalaxiesTrain = "galaxies-train";
    public const string DarkMatterTarget = "dm-target";
    public const string GalaxiesTargetTruth = "galaxies-target-truth";
    /// <summary>An HDF5 halo catalogue of the training box (<c>Group/GroupPos</c>, <c>Group/Group_M_Crit200</c>, <c>Group/Group_R_Crit200</c>): the HOD baseline is fitted on it.</summary>
    public const string Halos = "halos";

    /// <summary>The halo catalogue of the target volume, in the same format: the fitted HOD populates it.</summary>
    public const string HalosTarget = "halos-target";

    /// <summary>An HDF5 particle snapshot of the training dark matter, gridded by the CPU prepare step when no <see cref="DarkMatterTrain"/> grid is given.</summary>
    public const string Particles = "particles";

    /// <summary>An HDF5 particle snapshot of the target volume, gridded on <see cref="GridGeometry.TargetGridSize"/>³ when no <see cref="DarkMatterTarget"/> grid is given.</summary>
    public const string ParticlesTarget = "particles-target";

    private static readonly string[] RecsysRoles = [Train, Test, Interactions];
    private static readonly string[] CosmologyRoles = [DarkMatterTrain, GalaxiesTrain, DarkMatterTarget, GalaxiesTargetTruth, Halos, HalosTarget, Particles, ParticlesTarget];

    public static IReadOnlyList<string> For(DatasetKind kind) => kind == DatasetKind.Recsys ? RecsysRoles : CosmologyRoles;

    public static bool IsKnown(DatasetKind kind, string role) => For(kind).Contains(role);

    /// <summary>
    /// Galaxy painting needs training galaxies; its training dark matter (a grid or a snapshot) and the recommender
    /// requirements (a split or one table) are checked by the manifest.
    /// </summary>
    public static IReadOnlyList<string> RequiredFor(DatasetKind kind) =>
        kind == DatasetKind.Recsys ? [] : [GalaxiesTrain];
}
