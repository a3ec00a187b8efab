using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using static TorchSharp.torch;

namespace Workflows.Cli.Commands;

/// <summary>The protocol presets of the method document.</summary>
internal enum RecsysPreset
{
    /// <summary>Validation split (10 %), Xavier init, selection on validation.</summary>
    Study,

    /// <summary>LightGCN-PyTorch parity: no validation split, normal(0.1) init, selection on test. Reports say so.</summary>
    Reference,
}

/// <summary>Parsed options of <c>wf recsys search</c>.</summary>
/// <param name="InitOverride">The <c>--init</c> option; null leaves the preset's init.</param>
/// <param name="TicketTolerance">The method's winning-ticket tolerance (0: comparable or better than dense).</param>
internal sealed record RecsysSearchOptions(
    DirectoryInfo Folder, Backbone Backbone, PruningStrategy Strategy, RecsysPreset Preset, int Rounds, double Rate, int Dimension,
    int Epochs, int EvaluateEvery, int Patience, ulong Seed, DirectoryInfo? Output, Device Device, int Threads, int CheckpointEvery,
    double LearningRate, double L2, int BatchSize, EmbeddingInit? InitOverride, double TicketTolerance)
{
    public static RecsysPreset ParsePreset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "study" => RecsysPreset.Study,
        "reference" => RecsysPreset.Reference,
        _ => throw new ArgumentException($"Unknown preset '{name}'; expected study or reference."),
    };

    private static readonly (string Name, EmbeddingInit Init)[] InitNames =
        [("xavier", EmbeddingInit.Xavier), ("normal0.1", EmbeddingInit.Normal01), ("normal1", EmbeddingInit.Normal1)];

    /// <summary>Parses <c>xavier</c>, <c>normal0.1</c> or <c>normal1</c> (the run spec's <c>normal-0.1</c> and <c>normal-1</c> too).</summary>
    public static EmbeddingInit ParseInit(string name)
    {
        var normalized = name.Trim().ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal);
        return InitNames.FirstOrDefault(pair => pair.Name == normalized) is { Name: not null } match
            ? match.Init
            : throw new ArgumentException($"Unknown init '{name}'; expected xavier, normal0.1 or normal1.");
    }

    /// <summary>The <c>--init</c> name of <paramref name="init"/>.</summary>
    public static string InitName(EmbeddingInit init) => InitNames.First(pair => pair.Init == init).Name;

    /// <summary>The init the rounds use: <c>--init</c>, else the preset's.</summary>
    public EmbeddingInit Init => InitOverride ?? (Preset == RecsysPreset.Reference ? EmbeddingInit.Normal01 : EmbeddingInit.Xavier);

    public string OutputFolder => Output?.FullName
        ?? Path.Combine(Environment.CurrentDirectory, "wf-runs",
            $"{Folder.Name}-{Backbone.ToString().ToLowerInvariant()}-{Strategy.ToSpecName()}-{Preset.ToString().ToLowerInvariant()}-d{Dimension}-s{Seed}");

    public string TicketPath => Path.Combine(OutputFolder, "ticket.npz");
}
