using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflows.Broker.Host;

// Settings come from appsettings.json, environment variables (Workflows__Broker__Port=5672) and
// arguments (--Workflows:Broker:Port=5672). Stdout carries only the ready and health lines; logs go to stderr.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddLoopbackBroker(builder.Configuration);
await builder.Build().RunAsync();
