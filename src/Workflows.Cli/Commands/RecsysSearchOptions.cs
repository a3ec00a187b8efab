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
internal sealed record RecsysSearchOptions(
    DirectoryInfo Folder, Backbone Backbone, PruningStrategy Strategy, RecsysPreset Preset, int Rounds, double Rate, int Dimension,
    int Epochs, int EvaluateEvery, int Patience, ulong Seed, DirectoryInfo? Output, Device Device, int Threads, int CheckpointEvery)
{
    public static RecsysPreset ParsePreset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "study" => RecsysPreset.Study,
        "reference" => RecsysPreset.Reference,
        _ => throw new ArgumentException($"Unknown preset '{name}'; expected study or reference."),
    };

    public string OutputFolder => Output?.FullName
        ?? Path.Combine(Environment.CurrentDirectory, "wf-runs",
            $"{Folder.Name}-{Backbone.ToString().ToLowerInvariant()}-{Strategy.ToSpecName()}-{Preset.ToString().ToLowerInvariant()}-d{Dimension}-s{Seed}");
}
