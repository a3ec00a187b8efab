using Workflows.Hosting;

namespace Workflows.Host.Watcher;

public static class ContainerWatcherExtensions
{
    /// <summary>Starts runs when manifests are uploaded (<see cref="ContainerWatcherOptions"/>; off when <c>Enabled</c> is false).</summary>
    public static IServiceCollection AddContainerWatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowsOptions<ContainerWatcherOptions>(ContainerWatcherOptions.Section);
        services.AddSingleton(TimeProvider.System);
        if (configuration.GetValue(ContainerWatcherOptions.Section + ":" + nameof(ContainerWatcherOptions.Enabled), true))
        {
            services.AddHostedService<ContainerWatcher>();
        }

        return services;
    }
}
