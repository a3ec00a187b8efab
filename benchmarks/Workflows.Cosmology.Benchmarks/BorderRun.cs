using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Workflows.Cosmology.Measurements;
using Workflows.Cosmology.Model;
using Workflows.Cosmology.Prediction;
using Workflows.Cosmology.Synthetic;
using Workflows.Cosmology.Tiling;
using Workflows.Cosmology.Training;
using static TorchSharp.torch;

namespace Workflows.Cosmology.Benchmarks;

/// <summary>
/// The border discrepancy of a model whose receptive field is far larger than any halo (the studies' preset): a
/// briefly trained cascade predicts a periodic synthetic universe whole (circular padding) and stitched from 32³
/// tiles with each halo in turn; the report gives how far, and where, the stitched prediction strays.
/// </summary>
internal static class BorderRun
{
    public const string Command = "border";
    private const int TileSize = 32;

    public static int Run(string[] args)
    {
        var (grid, seed, threads, halos) = Parse(args);
        if (threads > 0) set_num_threads(threads);

        var clock = Stopwatch.StartNew();
        var config = ModelConfig.Studies;
        var universe = SyntheticUniverse.Generate(new UniverseSpec { GridSize = grid, BoxSize = grid * 100.0 / 64, Seed = seed, Rule = GalaxyRule.NonLocal });
        var trainingTiles = new TilingSpec(16);
        var data = new TrainingData(universe.DarkMatter, universe.Galaxies, RegionSplit.Blocked(new TileLattice(universe.DarkMatter.Shape, trainingTiles)));
        var options = new TrainingOptions { ClassifierEpochs = 2, RegressorEpochs = 1, BatchSize = 4, Seed = seed };
        using var training = CascadeTraining.Start(config, options, data, CPU);
        training.Run(report => Console.WriteLine($"  {report.Phase} epoch {report.Epoch}: train {report.TrainLoss:F4}, validation {report.ValidationLoss:F4}"));
        Console.WriteLine($"studies preset (receptive radius {config.ReceptiveRadius} voxels) trained briefly on a {grid}³ non-local universe, seed {seed}, in {clock.Elapsed.TotalSeconds:F0} s");

        // Any halo selects whole-volume inference, with circular padding for this periodic box.
        var whole = VolumePrediction.PredictWhole(training.Model, universe.DarkMatter, new TilingSpec(TileSize, config.PoolingMultiple));
        var rows = halos.Select(halo =>
        {
            var spec = new TilingSpec(TileSize, halo);
            spec.EnsureAligned(config.PoolingMultiple);
            var discrepancy = BorderDiscrepancy.Measure(VolumePrediction.PredictTiled(training.Model, universe.DarkMatter, spec), whole, TileSize);
            Console.WriteLine($"halo {halo,3}: max |Δ| {discrepancy.MaxAbsolute:G3}, relative RMS {discrepancy.RelativeRms:P2}, occupancy disagreement {discrepancy.OccupancyDisagreement:P3}, RMS on faces {discrepancy.RmsByFaceDistance[0]:G3} vs tile centres {discrepancy.RmsByFaceDistance[^1]:G3}");
            return new { halo, discrepancy };
        }).ToList();

        string json = JsonSerializer.Serialize(new { grid, seed, tileSize = TileSize, preset = config.Name, receptiveRadius = config.ReceptiveRadius, rows, totalSeconds = clock.Elapsed.TotalSeconds }, new JsonSerializerOptions { WriteIndented = true });
        string folder = Path.Combine("BenchmarkDotNet.Artifacts", "quality");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"cosmo-border-{grid}-s{seed}.json"), json);
        return 0;
    }

    private static (int Grid, int Seed, int Threads, int[] Halos) Parse(string[] args)
    {
        int grid = 64, seed = 2026, threads = 0;
        int[] halos = [0, 8, 16];
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--grid": grid = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--halos": halos = args[i + 1].Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray(); break;
                default: throw new ArgumentException($"usage: {Command} [--grid N] [--seed N] [--threads N] [--halos 0,8,16]; got '{args[i]}'");
            }
        }
        if (args.Length % 2 != 0) throw new ArgumentException($"usage: {Command}: option '{args[^1]}' has no value");
        return (grid, seed, threads, halos);
    }
}
