using System.Collections.Concurrent;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Functions.Durable;
using Workflows.Hosting.Health;
using Workflows.Hosting.Http;
using Workflows.Jobs.Recsys;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Ports;
using Workflows.Reporting;
using Workflows.Testing;

namespace Workflows.Functions.Tests.Support;

/// <summary>
/// One deployment's worth of state for an adapter test: the orchestrations on InProcessTestHost (its real
/// <see cref="DurableTaskClient"/> is what a <c>[DurableClient]</c> binding hands the functions), blobs in memory on a
/// fixed clock, jobs recorded instead of sent, and the container the application services are built from.
/// </summary>
internal sealed class ApiWorld : IAsyncDisposable
{
    /// <summary>An orchestration that returns the first outcome raised for <see cref="AwaitedJobId"/>, for queue-trigger tests.</summary>
    public const string AwaitOutcome = "AwaitOutcome";
    public const string AwaitedJobId = "lastfm-0001.job-1";

    private readonly DurableTaskTestHost host;

    private ApiWorld(DurableTaskTestHost host, InMemoryBlobStore blobs, RecordingDispatcher jobs, ServiceProvider services)
    {
        this.host = host;
        Blobs = blobs;
        Jobs = jobs;
        Services = services;
    }

    public static DateTimeOffset Now { get; } = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    public InMemoryBlobStore Blobs { get; }

    public RecordingDispatcher Jobs { get; }

    /// <summary>What the Functions app's container provides the adapters: application services, health checks, JSON options.</summary>
    public ServiceProvider Services { get; }

    public DurableTaskClient Client => host.Client;

    public DurableApplicationServices Application => Services.GetRequiredService<DurableApplicationServices>();

    /// <summary>
    /// The test host chooses a free port and binds it later, so another process can take the port in between; a few
    /// tries with a fresh choice each make that race harmless.
    /// </summary>
    private static async Task<DurableTaskTestHost> StartTestHostAsync(Action<DurableTaskRegistry> registry, DurableTaskTestHostOptions options)
    {
        const int tries = 3;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, options);
            }
            catch (IOException error) when (attempt < tries && error.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    public static async Task<ApiWorld> StartAsync(ILoggerFactory loggerFactory)
    {
        var time = new FixedTime(Now);
        var blobs = new InMemoryBlobStore(time);
        var jobs = new RecordingDispatcher();
        var host = await StartTestHostAsync(
            registry => registry.AddWorkflowsOrchestrations().AddOrchestratorFunc<object?, JobOutcome>(
                AwaitOutcome, (context, _) => context.WaitForExternalEvent<JobOutcome>(JobOutcome.EventName(AwaitedJobId))),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = loggerFactory,
                ConfigureServices = services => services
                    .UseWorkflowsDataConverter()
                    .AddSingleton<IBlobStore>(blobs)
                    .AddSingleton<IJobDispatcher>(jobs)
                    .AddSingleton<IRecsysDatasetPreparer>(new FixedDatasetPreparer())
                    .AddWorkflowsReporting(),
            });

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(loggerFactory)
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IBlobStore>(blobs)
            .AddWorkflowsOrchestrationOptions()
            // A waiting job looks at its blobs every second, so a cancelled run's job notices the cancel marker quickly.
            .Configure<OrchestrationOptions>(options => options.HeartbeatCheckInterval = TimeSpan.FromSeconds(1))
            .AddWorkflowsHealthChecks()
            .AddWorkflowsHttpApi()
            .AddSingleton<DurableApplicationServices>()
            .AddSingleton<PreparedDatasetCache>()
            .AddSingleton<IRecsysTickets, RecsysTickets>()
            .AddSingleton<ModelService>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new ApiWorld(host, blobs, jobs, services);
    }

    public void Upload(string dataset, string manifestJson)
    {
        foreach (string file in new[] { "train.txt", "test.txt" })
        {
            Blobs.Put(BlobLayout.DatasetFile(dataset, file), Encoding.UTF8.GetBytes($"0 1 2\n1 2 3\n# {file}"));
        }

        Blobs.Put(BlobLayout.Manifest(dataset), Encoding.UTF8.GetBytes(manifestJson));
    }

    public static string Manifest(string dataset, string trigger = "auto", string retrain = "none") =>
        $$"""
        { "name": "{{dataset}}", "kind": "recsys", "trigger": "{{trigger}}", "retrain": "{{retrain}}",
          "files": [ { "path": "train.txt", "role": "train" }, { "path": "test.txt", "role": "test" } ] }
        """;

    /// <summary>Polls the run's status through the application services until <paramref name="condition"/> holds.</summary>
    public async Task<RunStatus> WaitForAsync(string runId, Func<RunStatus, bool> condition)
    {
        var cancellation = TestTimeouts.After(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await Application.Runs(Client).GetStatusAsync(runId, cancellation) is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(100, cancellation);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await Services.DisposeAsync();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class FixedDatasetPreparer : IRecsysDatasetPreparer
    {
        public Task<PreparedRecsysDataset> PrepareAsync(string runId, DatasetManifest manifest, LotteryTicketSpec spec, CancellationToken cancellationToken) =>
            Task.FromResult(new PreparedRecsysDataset(BlobLayout.Prepared(runId, "dataset.bin").ToString(), 10, 10, 100, 10, 20, 0));
    }
}

/// <summary>The job queue, recorded: nothing runs the jobs, so a run waits for its first outcome until it is cancelled.</summary>
internal sealed class RecordingDispatcher : IJobDispatcher
{
    public ConcurrentQueue<JobMessage> Dispatched { get; } = new();

    public Task DispatchAsync(JobMessage message, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        Dispatched.Enqueue(message);
        return Task.CompletedTask;
    }
}
