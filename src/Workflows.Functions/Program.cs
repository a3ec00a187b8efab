using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Workflows.Functions;

FunctionsApplication.CreateBuilder(args).AddWorkflowsFunctionsApp().Build().Run();
