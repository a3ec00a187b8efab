using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflows.Hosting;
using Workflows.Jobs;
using Workflows.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddWorkflowsDefaults();
builder.Services.AddWorkflowsJobs(builder.Configuration);
builder.Services.AddHostedService<ReadyLine>();
await builder.Build().RunAsync();
