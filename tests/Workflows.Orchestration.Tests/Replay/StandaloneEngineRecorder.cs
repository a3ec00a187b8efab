using DurableTask.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.DurableCore;
using Workflows.LocalStack;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Tests.Support;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Orchestration.Tests.Replay;

/// <summary>
/// Runs one study on the standalone host's engine (DurableTask.Core on Azure Storage, on a fresh Azurite) with simulated
/// workers, and returns the JSON history of every instance it created (InProcessTestHost serves no history).
/// </summary>
internal static class StandaloneEngineRecorder
{
    public static async Task<Dictionary<string, string>> RecordAsync(ITestOutputHelper output, string dataset, string spec, CancellationToken cancellationToken)
    {
        await using var azurite = await LocalAzurite.StartAsync(startupTimeout: TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        var blobs = new InMemoryBlobStore();
        var workers = new SimulatedWorkers(blobs);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:Storage:ConnectionString"] = azurite.ConnectionString,
            ["Workflows:Durable:PartitionCount"] = "1",
            ["Workflows:Durable:MaxQueuePollingInterval"] = "00:00:00.100",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning)))
            .AddSingleton<IBlobStore>(blobs)
            .AddSingleton<IJobDispatcher>(workers)
            .AddSingleton<IRecsysDatasetPreparer>(new FixedDatasetPreparer())
            .AddSingleton<IRecsysTickets>(new RecordingTickets())
            .AddSingleton<IRunReportWriter>(new RecordingReportWriter())
            .AddDurableTaskCoreEngine(configuration)
            .BuildServiceProvider();
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(cancellationToken);
        }

        try
        {
            var engine = services.GetRequiredService<IOrchestrationEngine>();
            var loggers = services.GetRequiredService<ILoggerFactory>();
            workers.Outcomes = new JobOutcomeHandler(engine, loggers.CreateLogger<JobOutcomeHandler>());
            var runs = new RunService(engine, blobs, Options.Create(OrchestrationHarness.FastOptions), TimeProvider.System, loggers.CreateLogger<RunService>());
            foreach (string file in new[] { "train.txt", "test.txt" })
            {
                blobs.Put(BlobLayout.DatasetFile(dataset, file), "0 1 2\n1 2 3\n"u8.ToArray());
            }

            blobs.Put(BlobLayout.Manifest(dataset), System.Text.Encoding.UTF8.GetBytes(OrchestrationHarness.Manifest(dataset, spec)));
            string runId = (await runs.StartFromManifestAsync(dataset, cancellationToken)).RunId;
            while ((await runs.GetStatusAsync(runId, cancellationToken))?.State is null or RunState.Pending or RunState.Running)
            {
                await Task.Delay(100, cancellationToken);
            }

            return await FetchAsync(services.GetRequiredService<TaskHubClient>(), runId);
        }
        finally
        {
            foreach (var service in Enumerable.Reverse(hosted))
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<Dictionary<string, string>> FetchAsync(TaskHubClient client, string runId)
    {
        var histories = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<string>([runId]);
        while (pending.TryDequeue(out string? instanceId))
        {
            var state = await client.GetOrchestrationStateAsync(instanceId) ?? throw new InvalidOperationException($"{instanceId} does not exist");
            string json = await client.GetOrchestrationHistoryAsync(state.OrchestrationInstance);
            histories[instanceId] = json;
            foreach (var created in RecordedHistories.Parse(json).OfType<DurableTask.Core.History.SubOrchestrationInstanceCreatedEvent>())
            {
                pending.Enqueue(created.InstanceId);
            }
        }

        return histories;
    }
}
