using Workflows.DurableCore;
using Workflows.Host.Api;
using Workflows.Host.Nightly;
using Workflows.Host.Watcher;
using Workflows.Hosting;
using Workflows.Hosting.Health;
using Workflows.Infrastructure;
using Workflows.Jobs;
using Workflows.Orchestration.Application;
using Workflows.Reporting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkflowsDefaults();
builder.Services
    .AddWorkflowsInfrastructure(builder.Configuration)
    .AddJobEventsConsumer()
    .AddJobsQueueDepth()
    .AddWorkflowsOrchestrations()
    .AddRecsysDatasetPreparer()
    .AddGalaxyWorkflowSteps()
    .AddWorkflowsReporting()
    .AddDurableTaskCoreEngine(builder.Configuration)
    .AddHostApi()
    .AddContainerWatcher(builder.Configuration)
    .AddNightlyScheduler();

var app = builder.Build();
app.UseExceptionHandler();
app.MapWorkflowsHealth();
app.MapHostApi();
app.Run();
