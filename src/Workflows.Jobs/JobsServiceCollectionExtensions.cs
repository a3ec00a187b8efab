using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure;
using Workflows.Jobs.Cosmology;
using Workflows.Jobs.Handlers;
using Workflows.Jobs.Recsys;
using Workflows.Orchestration.Ports;
using Workflows.Jobs.Processing;
using Workflows.Jobs.Runtime;

namespace Workflows.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The worker runtime: the infrastructure adapters, <c>Workflows:Worker</c>, the job protocol, the handlers of every job
    /// kind this worker runs, and the Service Bus processor on the <c>jobs</c> queue.
    /// </summary>
    public static IServiceCollection AddWorkflowsJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowsInfrastructure(configuration);
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AttemptLedger>();
        services.TryAddSingleton<JobRunner>();
        services.AddKeyedScoped<IJobHandler, NoOpJobHandler>(JobKinds.NoOp);
        services.TryAddSingleton<PreparedDatasetCache>();
        services.AddKeyedScoped<IJobHandler, TrainRoundHandler>(JobKinds.RecsysTrainRound);
        services.AddKeyedScoped<IJobHandler, CosmoTrainHandler>(JobKinds.CosmoTrain);
        services.AddKeyedScoped<IJobHandler, PredictTilesHandler>(JobKinds.CosmoPredictTiles);

        services.AddSingleton<JobProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<JobProcessor>());
        return services;
    }

    /// <summary>
    /// The recommender engine on the host's side (needs an <c>IBlobStore</c>): the dataset preparer (the prepare activity)
    /// and the promoted tickets' export and scoring (the promote step and the <c>recommend</c> route).
    /// </summary>
    public static IServiceCollection AddRecsysDatasetPreparer(this IServiceCollection services)
    {
        services.TryAddSingleton<IRecsysDatasetPreparer, RecsysDatasetPreparer>();
        services.TryAddSingleton<PreparedDatasetCache>();
        services.TryAddSingleton<IRecsysTickets, RecsysTickets>();
        return services;
    }

    /// <summary>The galaxy-painting CPU steps (run by the host's activities; need an <c>IBlobStore</c>).</summary>
    public static IServiceCollection AddGalaxyWorkflowSteps(this IServiceCollection services)
    {
        services.TryAddSingleton<IGalaxyWorkflowSteps, GalaxyWorkflowSteps>();
        return services;
    }
}
