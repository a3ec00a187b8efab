using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Ports;

namespace Workflows.DurableCore;

public static class DurableCoreServiceCollectionExtensions
{
    private const string StorageConnectionStringKey = "Workflows:Storage:ConnectionString";

    /// <summary>
    /// The standalone host's durable engine: <see cref="IOrchestrationEngine"/> over <see cref="TaskHubClient"/> and a hosted
    /// TaskHubWorker running every Workflows task on Azure Storage, configured from <see cref="DurableEngineOptions.SectionName"/>.
    /// The activities' ports (<see cref="IBlobStore"/>, <see cref="IJobDispatcher"/>, ...) come from the host's other registrations.
    /// </summary>
    public static IServiceCollection AddDurableTaskCoreEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DurableEngineOptions>()
            .Bind(configuration.GetSection(DurableEngineOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    options.ConnectionString = configuration[StorageConnectionStringKey];
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DurableEngineOptions>, DurableEngineOptionsValidator>();
        services.AddSingleton(provider => CreateService(provider.GetRequiredService<IOptions<DurableEngineOptions>>().Value, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new TaskHubClient(
            provider.GetRequiredService<AzureStorageOrchestrationService>(),
            new ContractDataConverter(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IOrchestrationEngine>(provider =>
        {
            var service = provider.GetRequiredService<AzureStorageOrchestrationService>();
            return new TaskHubClientEngine(provider.GetRequiredService<TaskHubClient>(), service, service);
        });
        services.AddHostedService<DurableTaskCoreWorker>();
        return services;
    }

    private static AzureStorageOrchestrationService CreateService(DurableEngineOptions options, ILoggerFactory loggerFactory) =>
        new(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.ConnectionString!),
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,
        });
}
