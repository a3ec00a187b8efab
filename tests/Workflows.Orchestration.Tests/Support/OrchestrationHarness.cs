using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Orchestration.Tests.Support;

/// <summary>
/// The orchestrations on InProcessTestHost with in-memory implementations of our ports, and the application services
/// over an engine adapter for the SDK client.
/// </summary>
internal sealed class OrchestrationHarness : IAsyncDisposable
{
    private readonly DurableTaskTestHost host;
    private readonly ILoggerFactory loggerFactory;
    private readonly ITestOutputHelper output;

    private OrchestrationHarness(ITestOutputHelper output, DurableTaskTestHost host, ILoggerFactory loggerFactory, InMemoryBlobStore blobs, SimulatedWorkers workers, RecordingReportWriter reports, OrchestrationOptions options)
    {
        this.output = output;
        this.host = host;
        this.loggerFactory = loggerFactory;
        Blobs = blobs;
        Workers = workers;
        Reports = reports;
        Engine = new DurableTaskClientEngine(host.Client);
        var outcomes = new JobOutcomeHandler(Engine, loggerFactory.CreateLogger<JobOutcomeHandler>());
        workers.Outcomes = outcomes;
        Runs = new RunService(Engine, blobs, Options.Create(options), TimeProvider.System, loggerFactory.CreateLogger<RunService>());
    }

    public InMemoryBlobStore Blobs { get; }

    public SimulatedWorkers Workers { get; }

    public RecordingReportWriter Reports { get; }

    public IOrchestrationEngine Engine { get; }

    public RunService Runs { get; }

    public DurableTaskClient Client => host.Client;

    /// <summary>Fast job watching for tests: outcomes are checked every second, a silent attempt is lost after two.</summary>
    public static OrchestrationOptions FastOptions => new()
    {
        HeartbeatCheckInterval = TimeSpan.FromSeconds(1),
        HeartbeatStaleAfter = TimeSpan.FromSeconds(2),
        MaxDispatchAttempts = 2,
    };

    /// <param name="logs">Also receives every log record, with its scopes, when given.</param>
    public static async Task<OrchestrationHarness> StartAsync(ITestOutputHelper output, OrchestrationOptions? options = null, ScopedLogRecorder? logs = null)
    {
        var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning));
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        var blobs = new InMemoryBlobStore();
        var workers = new SimulatedWorkers(blobs);
        var reports = new RecordingReportWriter();
        var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddWorkflowsOrchestrations(),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = loggerFactory,
                ConfigureServices = services =>
                {
                    services.ConfigureAll<DurableTaskWorkerOptions>(worker => worker.DataConverter = WorkflowsDataConverter.Instance);
                    services.AddSingleton<IBlobStore>(blobs);
                    services.AddSingleton<IJobDispatcher>(workers);
                    services.AddSingleton<IRecsysDatasetPreparer>(new FixedDatasetPreparer());
                    services.AddSingleton<IRecsysTickets>(new RecordingTickets());
                    services.AddSingleton<IRunReportWriter>(reports);
                },
            });
        return new OrchestrationHarness(output, host, loggerFactory, blobs, workers, reports, options ?? FastOptions);
    }

    /// <summary>Uploads a recommender dataset (train/test files, then the manifest last).</summary>
    public void UploadDataset(string dataset, string manifestJson, params string[] files)
    {
        foreach (string file in files)
        {
            Blobs.Put(BlobLayout.DatasetFile(dataset, file), Encoding.UTF8.GetBytes($"0 1 2\n1 2 3\n# {file}"));
        }

        Blobs.Put(BlobLayout.Manifest(dataset), Encoding.UTF8.GetBytes(manifestJson));
    }

    public static string Manifest(string dataset, string? defaultRun = null, string trigger = "auto") =>
        $$"""
        {
          "name": "{{dataset}}",
          "kind": "recsys",
          "trigger": "{{trigger}}",
          "files": [ { "path": "train.txt", "role": "train" }, { "path": "test.txt", "role": "test" } ]
          {{(defaultRun is null ? "" : $", \"defaultRun\": {defaultRun}")}}
        }
        """;

    /// <summary>A small study: MF, embedding size 4 (80 entries), the given strategies and rounds.</summary>
    public static string SmallSpec(string strategies, int rounds, string extra = "") =>
        $$"""
        { "family": "lottery-ticket", "maxConcurrentJobs": 4 {{extra}},
          "lotteryTicket": { "backbones": ["mf"], "strategies": [{{strategies}}], "seeds": [7], "rounds": {{rounds}}, "embeddingSize": 4 } }
        """;

    public async Task<RunStatus> WaitForAsync(string runId, Func<RunStatus, bool> condition, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await Runs.GetStatusAsync(runId, cancellation.Token);
            if (status is not null && condition(status))
            {
                output.WriteLine($"status of {runId}: {ContractJson.Serialize(status)}");
                return status;
            }

            await Task.Delay(100, cancellation.Token);
        }
    }

    public Task<RunStatus> WaitForEndAsync(string runId, TimeSpan? timeout = null) =>
        WaitForAsync(runId, status => status.State is not (RunState.Pending or RunState.Running), timeout);

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        loggerFactory.Dispose();
    }
}
