using System.Globalization;
using System.Text.Json;
using Workflows.Recsys.Pruning;

namespace Workflows.Cli.Commands;

/// <summary>
/// The options that decide a round's results (not device, threads, rounds or checkpoint cadence), stored as
/// <c>options.json</c> in each round folder, so a re-run reuses or resumes a round only when it asks for the same.
/// </summary>
internal sealed class RecsysSearchFingerprint
{
    public const string FileName = "options.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Dictionary<string, string> _values;

    private RecsysSearchFingerprint(Dictionary<string, string> values) => _values = values;

    public static RecsysSearchFingerprint Of(RecsysSearchOptions options) => new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["folder"] = options.Folder.FullName,
        ["--backbone"] = options.Backbone.ToString().ToLowerInvariant(),
        ["--strategy"] = options.Strategy.ToSpecName(),
        ["--preset"] = options.Preset.ToString().ToLowerInvariant(),
        ["--rate"] = Invariant(options.Rate),
        ["--dim"] = Invariant(options.Dimension),
        ["--epochs"] = Invariant(options.Epochs),
        ["--eval-every"] = Invariant(options.EvaluateEvery),
        ["--patience"] = Invariant(options.Patience),
        ["--seed"] = Invariant(options.Seed),
        ["--lr"] = Invariant(options.LearningRate),
        ["--l2"] = Invariant(options.L2),
        ["--batch"] = Invariant(options.BatchSize),
        ["--init"] = RecsysSearchOptions.InitName(options.Init),
    });

    public Task WriteAsync(string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(_values, Json), cancellationToken);

    /// <summary>Refuses, naming <paramref name="produced"/> and every differing option, when <paramref name="path"/> records other options.</summary>
    /// <exception cref="CliException">The stored options differ or cannot be read.</exception>
    public async Task VerifyAsync(string path, string produced, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path} is not an options record ({ex.Message}); delete {Path.GetDirectoryName(path)} or pass another --output.", ex);
        }

        stored ??= [];
        var differences = _values.Keys.Union(stored.Keys)
            .Select(key => (Key: key, Then: stored.GetValueOrDefault(key) ?? "(unset)", Now: _values.GetValueOrDefault(key) ?? "(unset)"))
            .Where(option => option.Then != option.Now)
            .Select(option => $"{option.Key} {option.Then} there, {option.Now} now")
            .ToList();
        if (differences.Count > 0)
        {
            throw new CliException(ExitCodes.InvalidInput,
                $"{produced} was produced with other options ({string.Join("; ", differences)}; recorded in {path}). Re-run with the same options or pass another --output.");
        }
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
