using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.DurableCore;

/// <summary>Creates a fresh class-based orchestrator per execution (with its dependencies from DI) and shims it for DurableTask.Core.</summary>
internal sealed class ShimmedOrchestrationCreator : ObjectCreator<TaskOrchestration>
{
    private readonly Type type;
    private readonly DurableTaskShimFactory shims;
    private readonly IServiceProvider services;

    public ShimmedOrchestrationCreator(string name, Type type, DurableTaskShimFactory shims, IServiceProvider services)
    {
        Name = name;
        Version = string.Empty;
        this.type = type;
        this.shims = shims;
        this.services = services;
    }

    public override TaskOrchestration Create() =>
        shims.CreateOrchestration(new TaskName(Name), (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type));
}

/// <summary>Creates a class-based activity (with its dependencies from DI) and shims it for DurableTask.Core.</summary>
internal sealed class ShimmedActivityCreator : ObjectCreator<TaskActivity>
{
    private readonly Type type;
    private readonly DurableTaskShimFactory shims;
    private readonly IServiceProvider services;

    public ShimmedActivityCreator(string name, Type type, DurableTaskShimFactory shims, IServiceProvider services)
    {
        Name = name;
        Version = string.Empty;
        this.type = type;
        this.shims = shims;
        this.services = services;
    }

    public override TaskActivity Create() =>
        shims.CreateActivity(new TaskName(Name), (ITaskActivity)ActivatorUtilities.CreateInstance(services, type));
}
