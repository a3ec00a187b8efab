using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Workflows.Functions.Durable;
using Workflows.Functions.Nightly;
using Workflows.Hosting;
using Workflows.Hosting.Health;
using Workflows.Hosting.Http;
using Workflows.Hosting.Logging;
using Workflows.Hosting.Telemetry;
using Workflows.Infrastructure;
using Workflows.Jobs;
using Workflows.Reporting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// The standalone host's defaults except the console logger: the Functions host collects the worker's logs itself.
builder.AddWorkflowsLogFilters();
builder.AddWorkflowsTelemetry();
builder.Services
    .AddWorkflowsHealthChecks()
    .AddWorkflowsInfrastructure(builder.Configuration)
    .AddRecsysDatasetPreparer()
    .AddWorkflowsReporting()
    .AddWorkflowsHttpApi();
builder.Services.AddWorkflowsOptions<NightlyOptions>(NightlyOptions.Section);
builder.AddWorkflowsDurable();

builder.Build().Run();
