using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflows.Functions.Api;
using Workflows.Functions.Durable;
using Workflows.Hosting;
using Workflows.Hosting.Health;
using Workflows.Hosting.Http;
using Workflows.Hosting.Logging;
using Workflows.Hosting.Nightly;
using Workflows.Hosting.Telemetry;
using Workflows.Infrastructure;
using Workflows.Jobs;
using Workflows.Orchestration.Application;
using Workflows.Reporting;

namespace Workflows.Functions;

public static class FunctionsAppComposition
{
    /// <summary>
    /// Everything the Functions app runs, from the standalone host's registrations: its defaults except the console logger
    /// (the Functions host collects the worker's logs itself), the Azure adapters, the prepare and report services, the
    /// HTTP API's JSON dialect and run-route logging scope, the nightly schedule's validation, and the Durable tasks and application services.
    /// </summary>
    public static FunctionsApplicationBuilder AddWorkflowsFunctionsApp(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<RunScopeMiddleware>();
        builder.AddWorkflowsLogFilters();
        builder.AddWorkflowsTelemetry();
        builder.Services
            .AddWorkflowsHealthChecks()
            .AddWorkflowsInfrastructure(builder.Configuration)
            .AddJobsQueueDepth()
            .AddRecsysDatasetPreparer()
            .AddGalaxyWorkflowSteps()
            .AddWorkflowsReporting()
            .AddWorkflowsHttpApi()
            .AddSingleton<ModelService>();
        builder.Services.AddWorkflowsOptions<NightlyOptions>(NightlyOptions.Section);
        builder.AddWorkflowsDurable();
        return builder;
    }
}
