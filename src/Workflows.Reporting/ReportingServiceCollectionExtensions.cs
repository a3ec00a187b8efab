using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Orchestration.Ports;

namespace Workflows.Reporting;

public static class ReportingServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IRunReportWriter"/> (needs <see cref="IBlobStore"/>).</summary>
    public static IServiceCollection AddWorkflowsReporting(this IServiceCollection services)
    {
        services.TryAddSingleton<IRunReportWriter, RunReportWriter>();
        return services;
    }
}
