using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Workflows.Contracts;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Synthetic;

namespace Workflows.Cli.Commands;

/// <summary>
/// <c>wf mock cosmo &lt;folder&gt;</c>: a synthetic universe (training pair, optionally a larger target volume with its
/// truth) written as a dataset folder whose <c>dataset.json</c> is written last, so the folder can go straight to
/// <c>wf submit</c>. The generator's specs go to <c>universe.json</c> beside it, for provenance.
/// </summary>
internal static class MockCosmoCommand
{
    public const string ProvenanceFile = "universe.json";

    private static readonly JsonSerializerOptions ProvenanceJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private const int MinimumGrid = 8;

    private const int MaximumGrid = 1024;

    public static Command Create(IAnsiConsole? console = null)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder to write (created if missing; must not hold a dataset.json yet)" };
        var name = new Option<string>("--name") { Description = "Dataset name (default: the folder's name)", HelpName = "name" };
        var grid = CliArguments.IntegerBetween("--grid", MinimumGrid, MaximumGrid, $"Voxels per side of the training pair ({MinimumGrid} to {MaximumGrid})");
        grid.DefaultValueFactory = _ => 64;
        var targetGrid = new Option<int>("--target-grid") { Description = "Voxels per side of the target volume to paint, at the same voxel size (0: none)", DefaultValueFactory = _ => 128 };
        var box = new Option<double>("--box") { Description = "Side of the training box in Mpc/h", DefaultValueFactory = _ => 100 };
        var rule = new Option<string>("--rule") { Description = "How galaxies follow dark matter: local, nonlocal (what the CNN must learn beyond the local benchmark) or hod (with halo catalogues of the training box and the target)", DefaultValueFactory = _ => "nonlocal" };
        var seed = new Option<int>("--seed") { Description = "Seed of the training universe; the target uses seed + 1", DefaultValueFactory = _ => 1 };
        var particles = new Option<bool>("--particles") { Description = "Also write the training dark matter as an HDF5 particle snapshot" };
        var command = new Command("cosmo", "Write a synthetic galaxy-painting dataset (dark matter, galaxies and their known posterior) as a dataset folder with its manifest")
        {
            folder, name, grid, targetGrid, box, rule, seed, particles,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, () =>
            {
                var directory = parseResult.GetValue(folder)!;
                var training = new UniverseSpec
                {
                    GridSize = parseResult.GetValue(grid)!.Value,
                    BoxSize = parseResult.GetValue(box),
                    Seed = parseResult.GetValue(seed),
                    Rule = ParseRule(parseResult.GetValue(rule)!),
                };
                int targetSize = parseResult.GetValue(targetGrid);
                var target = targetSize > 0
                    ? training with { GridSize = targetSize, BoxSize = training.BoxSize * targetSize / training.GridSize, Seed = training.Seed + 1 }
                    : null;
                var manifest = Write(output, directory.FullName, parseResult.GetValue(name) ?? directory.Name, training, target, parseResult.GetValue(particles));
                output.MarkupLineInterpolated($"[green]✓[/] {manifest.Name}: {manifest.Files.Count} file(s) and {BlobLayout.ManifestFileName} in {directory.FullName}");
                output.MarkupLineInterpolated($"  submit: wf submit {directory.FullName} (the upload starts a galaxy-painting run)");
                return Task.FromResult(ExitCodes.Success);
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>Generates the universes, writes their files, then the manifest; refuses to overwrite an existing dataset.</summary>
    public static DatasetManifest Write(IAnsiConsole console, string directory, string datasetName, UniverseSpec training, UniverseSpec? target, bool includeParticles)
    {
        string manifestPath = Path.Combine(directory, BlobLayout.ManifestFileName);
        if (File.Exists(manifestPath))
        {
            throw new CliException(ExitCodes.InvalidInput, $"'{directory}' already holds a dataset ({manifestPath}); choose an empty folder");
        }

        var manifestName = datasetName.ToLowerInvariant();
        if (!Identifiers.IsValidDatasetName(manifestName))
        {
            throw new CliException(ExitCodes.InvalidInput, $"'{datasetName}' cannot name a dataset: use 1-{Identifiers.MaxDatasetNameLength} characters of a-z, 0-9 and '-' (--name)");
        }

        var trainingUniverse = Generate(console, "training", training);
        var targetUniverse = target is null ? null : Generate(console, "target", target);
        var written = CosmologyDatasetWriter.WriteFolder(directory, trainingUniverse, targetUniverse, includeParticles);
        var manifest = new DatasetManifest
        {
            Name = manifestName,
            Kind = DatasetKind.Cosmology,
            Files = [.. written.Files.Select(f => new DatasetFile { Path = f.Path, Role = f.Role, Format = f.Format, Dataset = f.Dataset })],
            Grid = new GridGeometry { BoxSize = written.BoxSize, GridSize = written.GridSize, Periodic = written.Periodic, TargetGridSize = written.TargetGridSize },
        };
        if (manifest.Validate() is { Count: > 0 } errors)
        {
            throw new ContractValidationException(manifestPath, errors);
        }

        File.WriteAllText(Path.Combine(directory, ProvenanceFile), JsonSerializer.Serialize(new { generator = "wf mock cosmo", training, target }, ProvenanceJson));
        File.WriteAllBytes(manifestPath, ContractJson.SerializeToUtf8Bytes(manifest));
        return manifest;
    }

    private static SyntheticUniverse Generate(IAnsiConsole console, string label, UniverseSpec spec)
    {
        var universe = SyntheticUniverse.Generate(spec);
        double occupancy = universe.Galaxies.Data.Count(g => g > 0) / (double)universe.Galaxies.Data.Length;
        string ceiling = universe.OccupancyPosterior is { } posterior
            ? $", F1 ceiling {OccupancyMetrics.BestF1(posterior, universe.Galaxies).F1:F3}"
            : string.Empty;
        console.MarkupLineInterpolated($"  {label}: {spec.GridSize}³ voxels over {spec.BoxSize:0.#} Mpc/h, rule {spec.Rule}, seed {spec.Seed}: occupancy {occupancy:P2}, {universe.Galaxies.Sum():0} galaxies{ceiling}");
        return universe;
    }

    private static GalaxyRule ParseRule(string rule) => rule.Trim().ToLowerInvariant() switch
    {
        "local" => GalaxyRule.Local,
        "nonlocal" or "non-local" => GalaxyRule.NonLocal,
        "hod" => GalaxyRule.Hod,
        _ => throw new CliException(ExitCodes.InvalidInput, $"--rule '{rule}' is unknown; expected local, nonlocal or hod"),
    };
}
