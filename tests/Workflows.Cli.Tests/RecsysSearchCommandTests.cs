using System.CommandLine;
using System.Text.Json;
using Spectre.Console.Testing;
using Workflows.Cli.Commands;
using Workflows.Recsys.Models;
using Workflows.Torch.Npy;

namespace Workflows.Cli.Tests;

/// <summary>Runs <c>wf recsys search</c> once on the bundled LastFM sample; the tests then inspect and re-run it.</summary>
public sealed class TinyLastFmSearch : IDisposable
{
    // LastFM has 1880 users and 4489 items after preparation: (1880 + 4489) × 8 = 50 952 weights; round 1 removes
    // round-to-nearest(10 % × 50 952) = 5 095 of them.
    public const long TotalWeights = 50_952;
    public const long RoundOneRemaining = 45_857;

    public TinyLastFmSearch()
    {
        Output = Path.Combine(Path.GetTempPath(), "wf-cli-tests", Guid.NewGuid().ToString("N"));
        (ExitCode, Printed) = Run(Arguments(Output));
    }

    public string Output { get; }

    public int ExitCode { get; }

    public string Printed { get; }

    /// <summary>
    /// The tiny search: rounds 0 and 1, two epochs each, d = 8, one libtorch thread (bit-reproducible), and a ticket
    /// tolerance of 50 % so that round 1 is the winning ticket whatever two epochs of training reach.
    /// </summary>
    public static List<string> Arguments(string output) =>
    [
        "recsys", "search", DemoCommand.SampleFolder, "--output", output, "--rounds", "1", "--epochs", "2", "--eval-every", "1",
        "--dim", "8", "--threads", "1", "--lr", "0.01", "--l2", "0.0002", "--batch", "1024", "--init", "normal0.1", "--tolerance", "0.5",
    ];

    public static (int ExitCode, string Printed) Run(IEnumerable<string> arguments)
    {
        var console = new TestConsole().Width(240);
        var root = new RootCommand { RecsysCommand.Create(console) };
        var exitCode = root.Parse(arguments.ToArray()).Invoke();
        return (exitCode, console.Output);
    }

    public void Dispose() => Directory.Delete(Output, recursive: true);
}

public class RecsysSearchCommandTests(TinyLastFmSearch search) : IClassFixture<TinyLastFmSearch>
{
    private string RoundFile(int round, string name) => Path.Combine(search.Output, $"round-{round:D2}", name);

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    [Fact]
    public void Search_TinyLastFm_PrintsBothRoundsAndTheTicketPath()
    {
        Assert.Equal(ExitCodes.Success, search.ExitCode);
        var lines = search.Printed.Split('\n');
        Assert.Contains("lastfm: 1880 users, 4489 items, 37817 train / 4318 validation / 10489 test; dropped 44 test pairs (2 users only in test).", lines.Select(l => l.TrimEnd()));
        Assert.Single(lines, l => l.StartsWith("│ 0 ", StringComparison.Ordinal) && l.Contains("│ 100.00 %", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("│ 1 ", StringComparison.Ordinal) && l.Contains("│ 90.00 %", StringComparison.Ordinal));
        Assert.Contains($"ticket (round 1): {Path.Combine(search.Output, "ticket.npz")}", lines.Select(l => l.TrimEnd()));
        Assert.Equal(4, lines.Count(l => l.StartsWith("  round ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Search_TinyLastFm_WritesEachRoundsResultAndOptionsAndTheTicket()
    {
        foreach (var round in new[] { 0, 1 })
        {
            var result = Json(RoundFile(round, "result.json"));
            Assert.Equal(round, result.GetProperty("Round").GetInt32());
            Assert.Equal(2, result.GetProperty("EpochsRun").GetInt32());
            Assert.Equal(TinyLastFmSearch.TotalWeights, result.GetProperty("Sparsity").GetProperty("TotalWeights").GetInt64());
            var options = Json(RoundFile(round, "options.json"));
            Assert.Equal("0.01", options.GetProperty("--lr").GetString());
            Assert.Equal("0.0002", options.GetProperty("--l2").GetString());
            Assert.Equal("1024", options.GetProperty("--batch").GetString());
            Assert.Equal("normal0.1", options.GetProperty("--init").GetString());
        }

        Assert.Equal(TinyLastFmSearch.RoundOneRemaining, Json(RoundFile(1, "result.json")).GetProperty("Sparsity").GetProperty("RemainingWeights").GetInt64());
        using var rewind = File.OpenRead(RoundFile(0, "RewindWeights.npy"));
        Assert.Equal(EmbeddingInitializer.Create(EmbeddingInit.Normal01, 1880 + 4489, 8, seed: 2020), NpyFormat.Read(rewind).AsFloats().ToArray());
        using var ticket = File.OpenRead(Path.Combine(search.Output, "ticket.npz"));
        var arrays = NpzArchive.Read(ticket);
        Assert.Equal([TinyLastFmSearch.RoundOneRemaining], arrays["coo_data"].Shape);
        Assert.Equal(1880, arrays["user_ids"].AsStrings().Count);
        Assert.Equal(4489, arrays["item_ids"].AsStrings().Count);
    }

    [Fact]
    public void Search_RunAgain_ReusesEveryRoundWithoutTraining()
    {
        var written = Directory.GetFiles(search.Output, "*.*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("ticket.npz", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllBytes);

        var (exitCode, printed) = TinyLastFmSearch.Run(TinyLastFmSearch.Arguments(search.Output));

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = printed.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains($"Round 0: reusing {RoundFile(0, "result.json")}", lines);
        Assert.Contains($"Round 1: reusing {RoundFile(1, "result.json")}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("  round ", StringComparison.Ordinal));
        Assert.Contains($"ticket (round 1): {Path.Combine(search.Output, "ticket.npz")}", lines);
        Assert.All(written, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
    }

    [Fact]
    public void Search_RunAgainWithAnotherLearningRate_RefusedNamingTheFileAndTheOption()
    {
        var arguments = TinyLastFmSearch.Arguments(search.Output);
        arguments[arguments.IndexOf("--lr") + 1] = "0.05";

        var (exitCode, printed) = TinyLastFmSearch.Run(arguments);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        var message = string.Join(string.Empty, printed.Split('\n').Select(l => l.TrimEnd()));
        Assert.Contains($"error: {RoundFile(0, "result.json")} was produced with other options (--lr 0.01 there, 0.05 now; recorded in {RoundFile(0, "options.json")}).", message);
        Assert.DoesNotContain("round 0 epoch", message);
    }

    [Fact]
    public void Search_DenseOnly_WritesNoTicket()
    {
        var output = Path.Combine(Path.GetTempPath(), "wf-cli-tests", Guid.NewGuid().ToString("N"));
        var arguments = TinyLastFmSearch.Arguments(output);
        arguments[arguments.IndexOf("--rounds") + 1] = "0";
        try
        {
            var (exitCode, printed) = TinyLastFmSearch.Run(arguments);

            Assert.Equal(ExitCodes.Success, exitCode);
            Assert.Contains("No pruned round qualifies as a winning ticket; no ticket written.", printed);
            Assert.True(File.Exists(Path.Combine(output, "round-00", "result.json")));
            Assert.False(File.Exists(Path.Combine(output, "ticket.npz")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
