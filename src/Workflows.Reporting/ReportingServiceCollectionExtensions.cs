using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Orchestration.Ports;

namespace Workflows.Reporting;

public static class ReportingServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IRunReportWriter"/> and <see cref="IGalaxyReportWriter"/> (need <see cref="IBlobStore"/>).</summary>
    public static IServiceCollection AddWorkflowsReporting(this IServiceCollection services)
    {
        services.TryAddSingleton<IRunReportWriter, RunReportWriter>();
        services.TryAddSingleton<IGalaxyReportWriter, GalaxyReportWriter>();
        return services;
    }
}
