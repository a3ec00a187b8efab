using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Durable;

namespace Workflows.Functions.Durable;

public static class FunctionsDurableExtensions
{
    /// <summary>
    /// Registers every class-based orchestrator and activity of <see cref="WorkflowTasks"/> with the Durable worker at runtime
    /// (the source generator is not available), speaks the contracts' dialect on both sides, and provides the application
    /// services over each invocation's <c>[DurableClient]</c> (<see cref="DurableApplicationServices"/>).
    /// </summary>
    public static IFunctionsWorkerApplicationBuilder AddWorkflowsDurable(this IFunctionsWorkerApplicationBuilder builder)
    {
        builder.ConfigureDurableWorker().AddTasks(tasks => tasks.AddWorkflowsOrchestrations());
        builder.Services.UseWorkflowsDataConverter();
        builder.Services.AddWorkflowsOrchestrationOptions();
        builder.Services.TryAddSingleton<DurableApplicationServices>();
        return builder;
    }

    /// <summary>
    /// Gives the Durable client and worker <see cref="WorkflowsDataConverter.Instance"/>. Post-configured, so it replaces the
    /// extension's own converter (the worker's general JSON serializer) for inputs, outputs, events and custom status only.
    /// </summary>
    public static IServiceCollection UseWorkflowsDataConverter(this IServiceCollection services)
    {
        services.PostConfigureAll<DurableTaskClientOptions>(client => client.DataConverter = WorkflowsDataConverter.Instance);
        services.PostConfigureAll<DurableTaskWorkerOptions>(worker => worker.DataConverter = WorkflowsDataConverter.Instance);
        return services;
    }
}
