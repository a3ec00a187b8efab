using System.Text.Json;
using Spectre.Console;
using Workflows.Lottery;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Rounds;
using Workflows.Torch.Checkpoints;

namespace Workflows.Cli.Commands;

/// <summary>
/// Runs the rounds of one search in sequence, storing each round under <c>{output}/round-{r}/</c>; a round whose
/// <c>result.json</c> exists is reused and an unfinished round resumes from its checkpoint.
/// </summary>
internal sealed class RecsysSearchRunner(RecsysSearchOptions options)
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
        AnsiConsole.MarkupLineInterpolated($"[bold]{dataset.Name}[/]: {statistics.Users} users, {statistics.Items} items, {statistics.TrainInteractions} train / {statistics.ValidationInteractions} validation / {statistics.TestInteractions} test; dropped {dataset.Report.DroppedTestInteractions} test pairs ({dataset.Report.DroppedTestUsers} users only in test).");
        AnsiConsole.MarkupLineInterpolated($"Preset [bold]{options.Preset}[/]{(options.Preset == RecsysPreset.Reference ? " (parity protocol: best epoch selected on TEST)" : string.Empty)}; output {options.OutputFolder}");

        var runner = new LotteryRoundRunner(options.Device);
        var stopRule = new StopRule(StopTolerance, StopPatienceRounds, options.Rounds, TargetRemainingFraction: null);
        var results = new List<RoundResult>();
        for (var round = 0; round <= options.Rounds; round++)
        {
            results.Add(await RunRoundAsync(runner, dataset, Spec(round), cancellationToken));
            if (options.Strategy.IsSequential() && stopRule.Evaluate(results.Select(Metrics).ToList()) == StopReason.BelowDense)
            {
                AnsiConsole.MarkupLine($"[yellow]Stopping: validation stayed below dense × {1 - StopTolerance} for {StopPatienceRounds} rounds.[/]");
                break;
            }
        }

        Render(results);
        return 0;
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
            Init = reference ? EmbeddingInit.Normal01 : EmbeddingInit.Xavier,
            InitSeed = options.Seed,
            RandomSeed = options.Seed + 1,
            SamplerSeed = options.Seed,
            PruningRate = options.Rate,
            Training = new TrainingOptions
            {
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
        if (File.Exists(resultPath))
        {
            AnsiConsole.MarkupLineInterpolated($"Round {spec.Round}: reusing {resultPath}");
            return JsonSerializer.Deserialize<RoundResult>(await File.ReadAllTextAsync(resultPath, cancellationToken), Json)!;
        }

        Directory.CreateDirectory(folder);
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
                        AnsiConsole.MarkupLineInterpolated($"  round {progress.Round} epoch {progress.Epoch + 1}/{progress.MaxEpochs}: loss {progress.Loss:F4}, Recall@20 {recall:F4} (best {progress.BestSelectionRecall:F4} at epoch {progress.BestEpoch + 1}), {progress.Elapsed:hh\\:mm\\:ss}");
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

    private void Render(IReadOnlyList<RoundResult> results)
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

        AnsiConsole.Write(table);
        var selection = TicketSelector.Select(results.Select(Metrics).ToList(), tolerance: 0);
        foreach (var (label, ticket) in new[] { ("winning ticket (≥ dense)", selection.Winning), ("sparsest within 1 %", selection.Within1Percent), ("sparsest within 5 %", selection.Within5Percent) })
        {
            var text = ticket is null ? "none" : $"round {ticket.Round}, {ticket.RemainingFraction:P2} remaining, test Recall@20 {results.First(r => r.Round == ticket.Round).Test.At(20).Recall:F4}";
            AnsiConsole.MarkupLineInterpolated($"{label} (chosen on {selectionSplit}): {text}");
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
