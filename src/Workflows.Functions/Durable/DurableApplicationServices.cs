using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Orchestration.Application;

namespace Workflows.Functions.Durable;

/// <summary>
/// The application services the standalone host runs (<see cref="RunService"/>, <see cref="JobOutcomeHandler"/>, <see cref="NightlyRetrainService"/>), built over
/// the Durable client of one invocation: in the Functions app the client comes from the <c>[DurableClient]</c> binding, so
/// the engine port cannot be a container singleton. Their other dependencies come from the container.
/// </summary>
public sealed class DurableApplicationServices(IServiceProvider services)
{
    public IRunService Runs(DurableTaskClient client) => ActivatorUtilities.CreateInstance<RunService>(services, new DurableTaskClientEngine(client));

    public NightlyRetrainService Nightly(DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<NightlyRetrainService>(services, Runs(client), new DurableTaskClientEngine(client));

    public IJobOutcomeHandler Outcomes(DurableTaskClient client) => ActivatorUtilities.CreateInstance<JobOutcomeHandler>(services, new DurableTaskClientEngine(client));
}
