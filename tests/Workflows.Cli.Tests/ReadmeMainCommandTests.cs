using System.Diagnostics;
using System.Text.RegularExpressions;
using Workflows.LocalStack;
using Xunit.Abstractions;

namespace Workflows.Cli.Tests;

/// <summary>
/// Runs the README's main command, as written, in a scratch copy of the repository (the files git tracks or would
/// track, no build outputs, no installed tools), with a reduced spec so that it takes minutes rather than more.
/// </summary>
public sealed partial class ReadmeMainCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string ReducedSpec = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf" ],
            "strategies": [ "imp" ],
            "seeds": [ 2020 ],
            "rounds": 1,
            "pruningRate": 0.2,
            "embeddingSize": 16,
            "epochs": 2,
            "evaluateEvery": 1,
            "batchSize": 4096,
            "learningRate": 0.005
          },
          "jobDeadline": "00:10:00"
        }
        """;

    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(15);

    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("wf-readme-");

    [Fact]
    public async Task MainCommand_InAScratchCopy_FinishesAndPrintsTheReportLocation()
    {
        var root = WorkflowsLocalStack.RepositoryRoot;
        var mainCommand = SetUpCommands(await File.ReadAllTextAsync(Path.Combine(root, "README.md")))[0];
        Assert.Equal("dotnet run --project src/Workflows.Cli -- demo", mainCommand);
        await CopyRepositoryAsync(root, _scratch.FullName);
        await File.WriteAllTextAsync(Path.Combine(_scratch.FullName, "reduced-spec.json"), ReducedSpec);

        var (exitCode, transcript) = await RunAsync("bash", ["-c", $"{mainCommand} --spec reduced-spec.json"], _scratch.FullName);

        Assert.True(exitCode == 0, $"exit code {exitCode}:{Environment.NewLine}{transcript}");
        var reportLine = ReportLocation().Match(transcript);
        Assert.True(reportLine.Success, $"no report location printed:{Environment.NewLine}{transcript}");
        var report = reportLine.Groups["path"].Value.Trim();
        Assert.StartsWith(_scratch.FullName, report, StringComparison.Ordinal);
        string markdown = await File.ReadAllTextAsync(report);
        Assert.StartsWith("# ", markdown, StringComparison.Ordinal);
        // The copy is readable on its own: every image report.md links is beside it, and so is report.html.
        string folder = Path.GetDirectoryName(report)!;
        var images = MarkdownImage().Matches(markdown).Select(m => m.Groups["path"].Value).ToList();
        Assert.NotEmpty(images);
        Assert.All(images, image => Assert.True(File.Exists(Path.Combine(folder, image)), $"{image} is missing beside {report}"));
        Assert.True(File.Exists(Path.Combine(folder, "report.html")), $"report.html is missing beside {report}");
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    /// <summary>The commands of the fenced blocks under the README's "Set up" heading, in order.</summary>
    private static List<string> SetUpCommands(string readme)
    {
        var section = readme[readme.IndexOf("## Set up", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        return [.. FencedShell().Matches(section).Select(match => match.Groups["command"].Value.Trim())];
    }

    private async Task CopyRepositoryAsync(string root, string target)
    {
        var (exitCode, listing) = await RunAsync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], root, echo: false);
        Assert.True(exitCode == 0, $"git ls-files failed: {listing}");
        foreach (var relative in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var source = Path.Combine(root, relative);
            if (!File.Exists(source))
            {
                continue; // deleted in the working tree but not yet in the index
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }
    }

    private async Task<(int ExitCode, string Transcript)> RunAsync(string program, string[] arguments, string directory, bool echo = true)
    {
        var startInfo = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test host's MSBuild and runner variables would leak into the nested build and run.
        foreach (var name in startInfo.Environment.Keys.Where(n => n.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || n.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        using var process = Process.Start(startInfo)!;
        var transcript = new System.Text.StringBuilder();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (transcript)
            {
                transcript.AppendLine(line);
            }

            if (echo)
            {
                output.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Budget);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within {Budget}:{Environment.NewLine}{transcript}");
        }

        return (process.ExitCode, transcript.ToString());
    }

    [GeneratedRegex(@"```sh\n(?<command>[^`]+)```")]
    private static partial Regex FencedShell();

    [GeneratedRegex(@"report \(local\):\s+(?<path>\S+)")]
    private static partial Regex ReportLocation();

    [GeneratedRegex(@"!\[[^\]]*\]\((?<path>[^)\s]+)\)")]
    private static partial Regex MarkdownImage();
}
