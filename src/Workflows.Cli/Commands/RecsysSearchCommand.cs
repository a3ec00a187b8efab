using System.CommandLine;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Torch;

namespace Workflows.Cli.Commands;

/// <summary><c>wf recsys search &lt;folder&gt;</c>: a whole ticket search on this machine, no cloud.</summary>
internal static class RecsysSearchCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Dataset folder: train.txt+test.txt (LightGCN), train.tsv+test.tsv, or interactions.csv." };
        var backbone = new Option<string>("--backbone") { Description = "mf or lightgcn.", DefaultValueFactory = _ => "mf" };
        var strategy = new Option<string>("--strategy") { Description = "imp, omp, random or imp-no-rewind.", DefaultValueFactory = _ => "imp" };
        var preset = new Option<string>("--preset") { Description = "study (validation split, Xavier init) or reference (LightGCN-PyTorch parity: no validation, normal(0.1), select on test).", DefaultValueFactory = _ => "study" };
        var rounds = new Option<int>("--rounds") { Description = "Last round to run (0 = dense only).", DefaultValueFactory = _ => 7 };
        var rate = new Option<double>("--rate") { Description = "Pruning rate per round.", DefaultValueFactory = _ => 0.1 };
        var dimension = new Option<int>("--dim") { Description = "Embedding size d.", DefaultValueFactory = _ => 32 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs per round.", DefaultValueFactory = _ => 1000 };
        var evaluateEvery = new Option<int>("--eval-every") { Description = "Evaluate every N epochs.", DefaultValueFactory = _ => 10 };
        var patience = new Option<int>("--patience") { Description = "Early stop after N evaluations without improvement.", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Init and sampler seed (the random baseline uses seed + 1).", DefaultValueFactory = _ => 2020 };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Folder for artifacts, checkpoints and results; re-running the same command resumes from it." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0 = libtorch's default)." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Save a resumable checkpoint every N epochs.", DefaultValueFactory = _ => 5 };

        var command = new Command("search", "Run a lottery-ticket search locally and print a results table.")
        {
            folder, backbone, strategy, preset, rounds, rate, dimension, epochs, evaluateEvery, patience, seed, output, device, threads, checkpointEvery,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new RecsysSearchOptions(
                parseResult.GetValue(folder)!,
                ParseBackbone(parseResult.GetValue(backbone)!),
                PruningStrategies.Parse(parseResult.GetValue(strategy)!),
                RecsysSearchOptions.ParsePreset(parseResult.GetValue(preset)!),
                parseResult.GetValue(rounds),
                parseResult.GetValue(rate),
                parseResult.GetValue(dimension),
                parseResult.GetValue(epochs),
                parseResult.GetValue(evaluateEvery),
                parseResult.GetValue(patience),
                parseResult.GetValue(seed),
                parseResult.GetValue(output),
                TorchDevices.Parse(parseResult.GetValue(device)!),
                parseResult.GetValue(threads),
                parseResult.GetValue(checkpointEvery));
            return new RecsysSearchRunner(options).RunAsync(cancellationToken);
        });
        return command;
    }

    private static Backbone ParseBackbone(string name) => name.Trim().ToLowerInvariant() switch
    {
        "mf" => Backbone.Mf,
        "lightgcn" => Backbone.LightGcn,
        _ => throw new ArgumentException($"Unknown backbone '{name}'; expected mf or lightgcn."),
    };
}
