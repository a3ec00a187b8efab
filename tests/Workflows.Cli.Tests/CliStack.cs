using System.Text.Json;
using System.Text.RegularExpressions;
using Workflows.Cli.Commands;
using Workflows.LocalStack;

namespace Workflows.Cli.Tests;

/// <summary>
/// A local stack (Azurite, broker, host, one worker) with one finished run that <c>wf submit</c> started and
/// <c>wf status --watch --json</c> waited for: an MF search of the dense round and one pruning round, one epoch each.
/// </summary>
public sealed partial class CliStack : IAsyncLifetime
{
    public const string Dataset = "cli-e2e";

    private const string Spec = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf" ], "strategies": [ "imp" ], "seeds": [ 5 ], "rounds": 1, "pruningRate": 0.2,
            "embeddingSize": 8, "epochs": 1, "evaluateEvery": 1, "batchSize": 8192
          },
          "jobDeadline": "00:05:00"
        }
        """;

    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("wf-cli-stack-");
    private WorkflowsLocalStack? stack;

    public string Api => (stack ?? throw new InvalidOperationException("the stack is not started")).Endpoints.HostUrl.ToString();

    public string RunId { get; private set; } = "";

    /// <summary>What <c>wf status --watch --json</c> printed when the run finished.</summary>
    public JsonElement FinalStatus { get; private set; }

    public int WatchExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        stack = await WorkflowsLocalStack.StartAsync(new LocalStackOptions
        {
            Settings = new Dictionary<string, string>
            {
                ["Workflows:Watcher:Interval"] = "00:00:00.500",
                ["Workflows:Durable:MaxQueuePollingInterval"] = "00:00:00.200",
                ["Workflows:Durable:PartitionCount"] = "1",
                ["Workflows:Queues:PollInterval"] = "00:00:00.200",
            },
        });
        string specFile = Path.Combine(scratch.FullName, "spec.json");
        await File.WriteAllTextAsync(specFile, Spec);

        var (submitted, printed) = CliConsole.Run(console => SubmitCommand.Create(console),
            "submit", DemoCommand.SampleFolder, "--spec", specFile, "--dataset", Dataset, "--api", Api, "--storage", stack.Endpoints.StorageConnectionString);
        Assert.True(submitted == ExitCodes.Success, $"wf submit exited {submitted}: {printed}");
        RunId = StartedRun().Match(printed).Groups["id"].Value;

        var (watched, final) = CliConsole.Run(console => StatusCommand.Create(console), "status", RunId, "--watch", "--json", "--api", Api);
        WatchExitCode = watched;
        FinalStatus = JsonDocument.Parse(final).RootElement.Clone();
    }

    /// <summary>A scratch folder for one test's downloads.</summary>
    public string NewFolder() => Path.Combine(scratch.FullName, Guid.NewGuid().ToString("N"));

    public async Task DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }

        scratch.Delete(recursive: true);
    }

    [GeneratedRegex(@"✓ run (?<id>\S+)")]
    private static partial Regex StartedRun();
}
