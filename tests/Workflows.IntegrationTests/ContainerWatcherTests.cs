using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Host.Watcher;
using Workflows.Infrastructure;
using Workflows.Infrastructure.Storage;
using Workflows.LocalStack;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.IntegrationTests;

/// <summary>The watcher on its own Azurite (the stack's host watches the stack's), driven scan by scan.</summary>
public sealed class ContainerWatcherTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalAzurite azurite = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        azurite = await LocalAzurite.StartAsync(startupTimeout: TimeSpan.FromSeconds(60));
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Workflows:Storage:ConnectionString"] = azurite.ConnectionString })
            .Build();
        services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new XunitLoggerProvider(output)))
            .AddWorkflowsInfrastructure(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(ct);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Fact]
    public async Task ScanAsync_StartFailsOnce_NextScanRetriesTheSameManifestVersionAndMarksIt()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var blobs = services.GetRequiredService<IBlobStore>();
        var runs = new FailingOnceRunService();
        var watcher = new ContainerWatcher(blobs, runs, Options.Create(new ContainerWatcherOptions()), TimeProvider.System,
            services.GetRequiredService<ILogger<ContainerWatcher>>());
        Assert.True(await blobs.TryCreateAsync(BlobLayout.Manifest("flaky"), "{}"u8.ToArray(), ct));
        var manifest = await blobs.GetVersionAsync(BlobLayout.Manifest("flaky"), ct);
        var marker = BlobLayout.ManifestSeenMarker("flaky", manifest!.ETag);

        Assert.Empty(await watcher.ScanAsync(ct));
        Assert.Null(await blobs.GetVersionAsync(marker, ct));

        Assert.Equal(["flaky"], await watcher.ScanAsync(ct));
        Assert.Empty(await watcher.ScanAsync(ct));

        Assert.Equal(2, runs.Calls);
        var seen = await blobs.TryReadAsync(marker, ct);
        Assert.Equal(FailingOnceRunService.RunId, ContractJson.Deserialize<ManifestSeen>(seen!.Data.Span, marker.ToString()).RunId);
    }

    [Fact]
    public async Task ScanAsync_AfterARestart_SkipsTheHandledVersionButStartsANewOne()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var blobs = services.GetRequiredService<IBlobStore>();
        var runs = new FailingOnceRunService();
        ContainerWatcher NewWatcher() => new(blobs, runs, Options.Create(new ContainerWatcherOptions()), TimeProvider.System,
            services.GetRequiredService<ILogger<ContainerWatcher>>());
        Assert.True(await blobs.TryCreateAsync(BlobLayout.Manifest("restarted"), "{}"u8.ToArray(), ct));
        var first = NewWatcher();
        Assert.Empty(await first.ScanAsync(ct));
        Assert.Equal(["restarted"], await first.ScanAsync(ct));

        // A restarted host (or a second one) starts with no memory of handled versions: the marker blob is what it reads.
        Assert.Empty(await NewWatcher().ScanAsync(ct));
        Assert.Equal(2, runs.Calls);

        using var replaced = new MemoryStream("{ }"u8.ToArray());
        await blobs.WriteAsync(BlobLayout.Manifest("restarted"), replaced, ct);
        Assert.Equal(["restarted"], await NewWatcher().ScanAsync(ct));
        Assert.Equal(3, runs.Calls);
    }

    /// <summary>The application service as the watcher sees it when the engine is briefly unreachable: one failed start, then success.</summary>
    private sealed class FailingOnceRunService : IRunService
    {
        public const string RunId = "flaky-0123456789abcdef";

        public int Calls { get; private set; }

        public Task<StartRunResult> StartFromManifestAsync(string dataset, CancellationToken cancellationToken)
        {
            if (++Calls == 1)
            {
                throw new TimeoutException("the task hub did not answer");
            }

            var status = new RunStatus { RunId = RunId, Dataset = dataset, Family = ExperimentFamily.LotteryTicket, State = RunState.Pending, Phase = "pending" };
            return Task.FromResult(new StartRunResult(RunId, Created: true, status));
        }

        public Task<StartRunResult> StartAsync(StartRunRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunStatus?> GetStatusAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<RunStatus>> ListAsync(RunListQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunCommandResult> CancelAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunCommandResult> RetryAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunCommandResult> DeleteAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<JobLog?> GetJobLogAsync(string runId, string jobId, int? attempt, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<JobStatusSummary>?> ListJobsAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ReportDocument?> GetReportAsync(string runId, ReportFormat format, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ReportFile>?> ListReportFilesAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ReportDocument?> GetReportFileAsync(string runId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
