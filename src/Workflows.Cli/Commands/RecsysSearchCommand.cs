using System.CommandLine;
using Spectre.Console;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Torch;

namespace Workflows.Cli.Commands;

/// <summary><c>wf recsys search &lt;folder&gt;</c>: a whole ticket search on this machine, no cloud.</summary>
internal static class RecsysSearchCommand
{
    public static Command Create(IAnsiConsole? console = null)
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
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var l2 = new Option<double>("--l2") { Description = "λ of the L2 term on the layer-0 rows of each batch.", DefaultValueFactory = _ => 1e-4 };
        var batch = new Option<int>("--batch") { Description = "BPR triples per batch.", DefaultValueFactory = _ => 2048 };
        var tolerance = new Option<double>("--tolerance") { Description = "Winning ticket: the sparsest pruned round with validation Recall@20 ≥ dense × (1 − tolerance)." };
        var init = new Option<string?>("--init") { Description = "xavier, normal0.1 or normal1 (default: the preset's, xavier for study, normal0.1 for reference)." };

        var command = new Command("search", "Run a lottery-ticket search locally and print a results table.")
        {
            folder, backbone, strategy, preset, rounds, rate, dimension, epochs, evaluateEvery, patience, seed, output, device, threads, checkpointEvery,
            learningRate, l2, batch, init, tolerance,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var writer = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(writer, () => new RecsysSearchRunner(Parse(parseResult), writer).RunAsync(cancellationToken), cancellationToken);
        });
        return command;

        RecsysSearchOptions Parse(ParseResult parseResult)
        {
            try
            {
                return new RecsysSearchOptions(
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
                    parseResult.GetValue(checkpointEvery),
                    parseResult.GetValue(learningRate),
                    parseResult.GetValue(l2),
                    parseResult.GetValue(batch),
                    parseResult.GetValue(init) is { } initName ? RecsysSearchOptions.ParseInit(initName) : null,
                    parseResult.GetValue(tolerance));
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ExitCodes.InvalidInput, ex.Message, ex);
            }
        }
    }

    private static Backbone ParseBackbone(string name) => name.Trim().ToLowerInvariant() switch
    {
        "mf" => Backbone.Mf,
        "lightgcn" => Backbone.LightGcn,
        _ => throw new ArgumentException($"Unknown backbone '{name}'; expected mf or lightgcn."),
    };
}
