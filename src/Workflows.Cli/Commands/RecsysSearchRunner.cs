using System.Text.Json;
using Spectre.Console;
using Workflows.Lottery;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Rounds;
using Workflows.Torch.Checkpoints;
using Workflows.Torch.Npy;

namespace Workflows.Cli.Commands;

/// <summary>
/// Runs the rounds of one search in sequence, storing each round under <c>{output}/round-{r}/</c>; a round whose
/// <c>result.json</c> exists is reused and an unfinished round resumes from its checkpoint, in both cases only when the
/// round's <c>options.json</c> records the same options. The winning ticket is exported to <c>{output}/ticket.npz</c>.
/// </summary>
internal sealed class RecsysSearchRunner(RecsysSearchOptions options, IAnsiConsole console)
{
    private const int StopPatienceRounds = 3;
    private const double StopTolerance = 0.05;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (options.Threads > 0)
        {
            TorchSharp.torch.set_num_threads(options.Threads);
        }

        var validation = options.Preset == RecsysPreset.Study ? new PreparationOptions(0.1, options.Seed) : PreparationOptions.WithoutValidation;
        var dataset = DatasetPreparation.Prepare(options.Folder.Name, DatasetFolder.Load(options.Folder.FullName, new RatioSplit(0.2, options.Seed)), validation);
        var statistics = dataset.Statistics();
        console.MarkupLineInterpolated($"[bold]{dataset.Name}[/]: {statistics.Users} users, {statistics.Items} items, {statistics.TrainInteractions} train / {statistics.ValidationInteractions} validation / {statistics.TestInteractions} test; dropped {dataset.Report.DroppedTestInteractions} test pairs ({dataset.Report.DroppedTestUsers} users only in test).");
        console.MarkupLineInterpolated($"Preset [bold]{options.Preset}[/]{(options.Preset == RecsysPreset.Reference ? " (parity protocol: best epoch selected on TEST)" : string.Empty)}; output {options.OutputFolder}");

        var problems = Spec(0).Validate(dataset.Validation.Count).ToList();
        if (options.TicketTolerance is < 0 or >= 1)
        {
            problems.Add($"--tolerance: {options.TicketTolerance} must be in [0, 1).");
        }

        if (problems.Count > 0)
        {
            throw new CliException(ExitCodes.InvalidInput, "invalid options: " + string.Join(" ", problems));
        }

        var runner = new LotteryRoundRunner(options.Device);
        var stopRule = new StopRule(StopTolerance, StopPatienceRounds, options.Rounds, TargetRemainingFraction: null);
        var results = new List<RoundResult>();
        for (var round = 0; round <= options.Rounds; round++)
        {
            results.Add(await RunRoundAsync(runner, dataset, Spec(round), cancellationToken));
            if (options.Strategy.IsSequential() && stopRule.Evaluate(results.Select(Metrics).ToList()) == StopReason.BelowDense)
            {
                console.MarkupLine($"[yellow]Stopping: validation stayed below dense × {1 - StopTolerance} for {StopPatienceRounds} rounds.[/]");
                break;
            }
        }

        var selection = TicketSelector.Select(results.Select(Metrics).ToList(), options.TicketTolerance);
        Render(results, selection);
        if (selection.Winning is { } winning)
        {
            ExportTicket(dataset, Spec(winning.Round));
            console.MarkupLineInterpolated($"ticket (round {winning.Round}): {options.TicketPath}");
        }
        else
        {
            File.Delete(options.TicketPath);
            console.MarkupLine("No pruned round qualifies as a winning ticket; no ticket written.");
        }

        return ExitCodes.Success;
    }

    private RoundSpec Spec(int round)
    {
        var reference = options.Preset == RecsysPreset.Reference;
        return new RoundSpec
        {
            Backbone = options.Backbone,
            Strategy = options.Strategy,
            Round = round,
            EmbeddingSize = options.Dimension,
            Init = options.Init,
            InitSeed = options.Seed,
            RandomSeed = options.Seed + 1,
            SamplerSeed = options.Seed,
            PruningRate = options.Rate,
            Training = new TrainingOptions
            {
                LearningRate = options.LearningRate,
                L2 = options.L2,
                BatchSize = options.BatchSize,
                MaxEpochs = options.Epochs,
                EvaluateEvery = options.EvaluateEvery,
                Patience = options.Patience,
                Selection = reference ? SelectionSplit.Test : SelectionSplit.Validation,
                ReportedKs = [10, 20],
            },
        };
    }

    private async Task<RoundResult> RunRoundAsync(LotteryRoundRunner runner, PreparedDataset dataset, RoundSpec spec, CancellationToken cancellationToken)
    {
        var folder = RoundFolder(spec.Round);
        var resultPath = Path.Combine(folder, "result.json");
        var optionsPath = Path.Combine(folder, RecsysSearchFingerprint.FileName);
        var fingerprint = RecsysSearchFingerprint.Of(options);
        if (File.Exists(optionsPath))
        {
            await fingerprint.VerifyAsync(optionsPath, File.Exists(resultPath) ? resultPath : folder, cancellationToken);
        }
        else if (File.Exists(resultPath))
        {
            throw new CliException(ExitCodes.InvalidInput, $"{resultPath} has no {RecsysSearchFingerprint.FileName} beside it, so the options that produced it are unknown; delete {folder} or pass another --output.");
        }

        if (File.Exists(resultPath))
        {
            console.MarkupLineInterpolated($"Round {spec.Round}: reusing {resultPath}");
            return JsonSerializer.Deserialize<RoundResult>(await File.ReadAllTextAsync(resultPath, cancellationToken), Json)!;
        }

        Directory.CreateDirectory(folder);
        await fingerprint.WriteAsync(optionsPath, cancellationToken);
        var streams = new List<Stream>();
        try
        {
            var inputs = RoundInputs.For(spec.Strategy, spec.Round, (round, artifact) =>
            {
                var stream = File.OpenRead(ArtifactPath(round, artifact));
                streams.Add(stream);
                return stream;
            });
            var execution = new RoundExecutionOptions
            {
                Checkpoints = new FileCheckpointStore(Path.Combine(folder, "checkpoint.bin")),
                CheckpointEveryEpochs = options.CheckpointEvery,
                OnEpochCompleted = (progress, _) =>
                {
                    if (progress.SelectionRecall is { } recall)
                    {
                        console.MarkupLineInterpolated($"  round {progress.Round} epoch {progress.Epoch + 1}/{progress.MaxEpochs}: loss {progress.Loss:F4}, Recall@20 {recall:F4} (best {progress.BestSelectionRecall:F4} at epoch {progress.BestEpoch + 1}), {progress.Elapsed:hh\\:mm\\:ss}");
                    }

                    return ValueTask.CompletedTask;
                },
            };
            var result = await runner.RunAsync(dataset, spec, inputs, new FileArtifactSink(this, spec.Round), execution, cancellationToken);
            await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(result, Json), cancellationToken);
            return result;
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private string RoundFolder(int round) => Path.Combine(options.OutputFolder, $"round-{round:D2}");

    private string ArtifactPath(int round, RoundArtifact artifact) => Path.Combine(RoundFolder(round), $"{artifact}.npy");

    private static RoundMetrics Metrics(RoundResult result) =>
        new(result.Round, result.Sparsity.RemainingWeights, result.Sparsity.TotalWeights, (result.Validation ?? result.Test).At(20).Recall);

    private void ExportTicket(PreparedDataset dataset, RoundSpec spec)
    {
        NpyArray Read(RoundArtifact artifact)
        {
            using var stream = File.OpenRead(ArtifactPath(spec.Round, artifact));
            return NpyFormat.Read(stream, ArtifactPath(spec.Round, artifact));
        }

        using var ticket = File.Create(options.TicketPath);
        TicketExport.Write(ticket, dataset, spec, Read(RoundArtifact.Weights), Read(RoundArtifact.Mask), options.Device);
    }

    private void Render(IReadOnlyList<RoundResult> results, TicketSelection selection)
    {
        var selectionSplit = options.Preset == RecsysPreset.Reference ? "test" : "validation";
        var table = new Table().Title($"{options.Backbone} · {options.Strategy.ToSpecName()} · d={options.Dimension} · selection on {selectionSplit}")
            .AddColumns("round", "remaining", "best epoch", "epochs", "val R@20", "test R@20", "test NDCG@20", "test P@20", "time");
        foreach (var result in results)
        {
            var test = result.Test.At(20);
            table.AddRow(
                result.Round.ToString(), $"{result.Sparsity.RemainingFraction:P2}", (result.BestEpoch + 1).ToString(), result.EpochsRun.ToString(),
                result.Validation is null ? "-" : $"{result.Validation.At(20).Recall:F4}", $"{test.Recall:F4}", $"{test.Ndcg:F4}", $"{test.Precision:F4}",
                $"{result.Timings.Total:hh\\:mm\\:ss}");
        }

        console.Write(table);
        foreach (var (label, ticket) in new[] { (options.TicketTolerance == 0 ? "winning ticket (≥ dense)" : $"winning ticket (≥ dense × {1 - options.TicketTolerance:0.###})", selection.Winning), ("sparsest within 1 %", selection.Within1Percent), ("sparsest within 5 %", selection.Within5Percent) })
        {
            var text = ticket is null ? "none" : $"round {ticket.Round}, {ticket.RemainingFraction:P2} remaining, test Recall@20 {results.First(r => r.Round == ticket.Round).Test.At(20).Recall:F4}";
            console.MarkupLineInterpolated($"{label} (chosen on {selectionSplit}): {text}");
        }
    }

    private sealed class FileArtifactSink(RecsysSearchRunner owner, int round) : IRoundArtifactSink
    {
        public async Task SaveAsync(RoundArtifact artifact, Stream content, CancellationToken cancellationToken)
        {
            await using var file = File.Create(owner.ArtifactPath(round, artifact));
            await content.CopyToAsync(file, cancellationToken);
        }
    }
}
