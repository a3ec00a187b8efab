using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workflows.Infrastructure.Messaging;
using Workflows.Infrastructure.Options;
using Workflows.Infrastructure.Queues;
using Workflows.Infrastructure.Storage;
using Workflows.Orchestration.Ports;

namespace Workflows.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Azure adapters of the orchestration ports (<see cref="IBlobStore"/>, <see cref="IJobDispatcher"/>,
    /// <see cref="IOutcomePublisher"/>), their clients, and a hosted service creating missing containers and queues. Binds
    /// and validates at start <c>Workflows:Storage</c>, <c>Workflows:ServiceBus</c>, <c>Workflows:Queues</c>, <c>Workflows:Jobs</c>.
    /// </summary>
    public static IServiceCollection AddWorkflowsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section);
        services.AddValidatedOptions<ServiceBusOptions, ServiceBusOptionsValidator>(configuration, ServiceBusOptions.Section);
        services.AddValidatedOptions<QueueOptions, QueueOptionsValidator>(configuration, QueueOptions.Section);
        services.AddValidatedOptions<JobsOptions, JobsOptionsValidator>(configuration, JobsOptions.Section);

        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<StorageRetryPipeline>();
        services.TryAddSingleton<IBlobStore, AzureBlobStore>();
        services.TryAddSingleton<IOutcomePublisher, QueueOutcomePublisher>();
        services.TryAddSingleton(CreateServiceBusClient);
        services.TryAddSingleton<IJobDispatcher, ServiceBusJobDispatcher>();

        services.TryAddSingleton<StorageProvisioner>();
        // Inserted first so that containers and queues exist before any other hosted service touches them.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<StorageProvisioner>()));
        return services;
    }

    /// <summary>Runs the <c>job-events</c> consumer, which needs an <c>IJobOutcomeHandler</c> registration (hosts only; workers publish).</summary>
    public static IServiceCollection AddJobEventsConsumer(this IServiceCollection services)
    {
        services.AddHostedService<JobEventsConsumer>();
        return services;
    }

    /// <summary>Reads the jobs queue's depth from the broker for the <c>workflows.queue.depth</c> gauge (hosts only: one reader per deployment is enough).</summary>
    public static IServiceCollection AddJobsQueueDepth(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateAdministrationClient);
        services.TryAddSingleton<JobsQueueDepth>();
        services.AddHostedService(sp => sp.GetRequiredService<JobsQueueDepth>());
        return services;
    }

    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }

    private static ServiceBusClient CreateServiceBusClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ServiceBusOptions>>().Value;
        var clientOptions = new ServiceBusClientOptions { Identifier = $"workflows-{Environment.MachineName}-{Environment.ProcessId}" };
        return options.UsesConnectionString
            ? new ServiceBusClient(options.ConnectionString, clientOptions)
            : new ServiceBusClient(options.FullyQualifiedNamespace, Credential(options), clientOptions);
    }

    private static ServiceBusAdministrationClient CreateAdministrationClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ServiceBusOptions>>().Value;
        string? connectionString = string.IsNullOrWhiteSpace(options.AdministrationConnectionString) ? options.ConnectionString : options.AdministrationConnectionString;
        return string.IsNullOrWhiteSpace(connectionString)
            ? new ServiceBusAdministrationClient(options.FullyQualifiedNamespace, Credential(options))
            : new ServiceBusAdministrationClient(connectionString);
    }

    private static DefaultAzureCredential Credential(ServiceBusOptions options) =>
        new(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
}
