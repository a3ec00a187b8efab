using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Hosting;
using Workflows.Hosting.Nightly;

namespace Workflows.Host.Nightly;

public static class NightlySchedulerExtensions
{
    /// <summary>Starts nightly retraining on the <see cref="NightlyOptions"/> schedule (validated at start).</summary>
    public static IServiceCollection AddNightlyScheduler(this IServiceCollection services)
    {
        services.AddWorkflowsOptions<NightlyOptions>(NightlyOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<NightlyScheduler>();
        return services;
    }
}
