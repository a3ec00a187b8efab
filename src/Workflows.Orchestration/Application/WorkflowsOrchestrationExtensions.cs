using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflows.Orchestration.Durable;

namespace Workflows.Orchestration.Application;

/// <summary>How a host plugs the orchestration layer in: one call for the tasks, one for the services.</summary>
public static class WorkflowsOrchestrationExtensions
{
    /// <summary>Registers every orchestrator and activity of <see cref="WorkflowTasks"/> under its name, created by its <see cref="TaskRegistration"/>.</summary>
    /// <remarks>Hosts must also give the worker and client <see cref="WorkflowsDataConverter.Instance"/>.</remarks>
    public static DurableTaskRegistry AddWorkflowsOrchestrations(this DurableTaskRegistry registry)
    {
        foreach (var task in WorkflowTasks.Orchestrators)
        {
            registry.AddOrchestrator(task.Name, task.NewOrchestrator);
        }

        foreach (var task in WorkflowTasks.Activities)
        {
            registry.AddActivity(task.Name, task.NewActivity);
        }

        return registry;
    }

    /// <summary>
    /// Registers <see cref="IRunService"/>, <see cref="IJobOutcomeHandler"/>, <see cref="NightlyRetrainService"/>, <see cref="ModelService"/> and <see cref="OrchestrationOptions"/> (bound to
    /// <see cref="OrchestrationOptions.SectionName"/>, validated at start). The host supplies the ports:
    /// <see cref="Ports.IOrchestrationEngine"/>, <see cref="Ports.IBlobStore"/>, <see cref="Ports.IJobDispatcher"/>,
    /// <see cref="Ports.IRecsysDatasetPreparer"/>, <see cref="Ports.IRecsysTickets"/> and <see cref="Ports.IRunReportWriter"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowsOrchestrations(this IServiceCollection services)
    {
        services.AddWorkflowsOrchestrationOptions();
        services.TryAddSingleton<IRunService, RunService>();
        services.TryAddSingleton<IJobOutcomeHandler, JobOutcomeHandler>();
        services.TryAddSingleton<NightlyRetrainService>();
        services.TryAddSingleton<ModelService>();
        return services;
    }

    /// <summary>
    /// What the application services need besides an engine: <see cref="OrchestrationOptions"/> (validated at start) and
    /// the clock. For hosts whose engine client exists only per invocation (the Functions app's <c>[DurableClient]</c>),
    /// which build <see cref="RunService"/> and <see cref="JobOutcomeHandler"/> over that client themselves.
    /// </summary>
    public static IServiceCollection AddWorkflowsOrchestrationOptions(this IServiceCollection services)
    {
        services.AddOptions<OrchestrationOptions>().BindConfiguration(OrchestrationOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestrationOptions>, OrchestrationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
