using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Orchestration.Durable;

namespace Workflows.DurableCore;

/// <summary>
/// Runs a DurableTask.Core <see cref="TaskHubWorker"/> on the Azure Storage backend with every task of
/// <see cref="WorkflowTasks"/>, adapted through <see cref="DurableTaskShimFactory"/>.
/// </summary>
internal sealed partial class DurableTaskCoreWorker(
    AzureStorageOrchestrationService service, IServiceProvider services, IOptions<DurableEngineOptions> options, ILoggerFactory loggerFactory)
    : IHostedService, IAsyncDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger<DurableTaskCoreWorker>();
    private TaskHubWorker? worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();
        if (!options.Value.RunWorker)
        {
            return;
        }

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = WorkflowsDataConverter.Instance }, loggerFactory);
        worker = new TaskHubWorker(service, loggerFactory);
        worker.AddTaskOrchestrations(WorkflowTasks.Orchestrators.Select(task => new ShimmedTaskCreator<TaskOrchestration>(task.Name,
            () => shims.CreateOrchestration(new TaskName(task.Name), task.NewOrchestrator()))).ToArray());
        worker.AddTaskActivities(WorkflowTasks.Activities.Select(task => new ShimmedTaskCreator<TaskActivity>(task.Name,
            () => shims.CreateActivity(new TaskName(task.Name), task.NewActivity(services)))).ToArray());
        await worker.StartAsync();
        LogStarted(options.Value.TaskHubName, WorkflowTasks.Orchestrators.Count, WorkflowTasks.Activities.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (worker is { } running)
        {
            worker = null;
            // Not forced: in-flight work items finish or are abandoned back to their queues for the next worker.
            await running.StopAsync(isForced: false);
            running.Dispose();
            LogStopped(options.Value.TaskHubName);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    [LoggerMessage(1100, LogLevel.Information, "DurableTask.Core worker started on task hub {TaskHub} ({Orchestrators} orchestrators, {Activities} activities)")]
    private partial void LogStarted(string taskHub, int orchestrators, int activities);

    [LoggerMessage(1101, LogLevel.Information, "DurableTask.Core worker on task hub {TaskHub} stopped")]
    private partial void LogStopped(string taskHub);
}
