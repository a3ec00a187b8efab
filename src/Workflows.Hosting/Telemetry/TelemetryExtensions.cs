using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Workflows.Hosting.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry traces, metrics and logs from Workflows, DurableTask.Core, the Azure SDKs, ASP.NET Core and
    /// HttpClient. Exporters switch on only when configured (<see cref="TelemetryOptions"/>).
    /// </summary>
    public static IHostApplicationBuilder AddWorkflowsTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        string? azureMonitor = string.IsNullOrWhiteSpace(options.AzureMonitorConnectionString)
            ? builder.Configuration[TelemetryOptions.ApplicationInsightsVariable]
            : options.AzureMonitorConnectionString;
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);

        AppContext.SetSwitch(WorkflowsTelemetry.AzureSdkActivitySwitch, true);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        string service = options.ServiceName ?? builder.Environment.ApplicationName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(service))
            .WithTracing(tracing => tracing
                .AddProcessor(new RunIdSpanProcessor())
                .AddSource(WorkflowsTelemetry.SourcePattern, WorkflowsTelemetry.DurableTaskSource, WorkflowsTelemetry.AzureSdkSourcePattern)
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !context.Request.Path.StartsWithSegments("/api/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(WorkflowsTelemetry.SourcePattern)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

        if (options.ConsoleExporter)
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter())
                .WithLogging(logging => logging.AddConsoleExporter());
        }

        if (!string.IsNullOrWhiteSpace(options.SpanFileDirectory))
        {
            telemetry.WithTracing(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(new SpanFileExporter(options.SpanFileDirectory, service))));
        }

        if (!string.IsNullOrWhiteSpace(azureMonitor))
        {
            telemetry.UseAzureMonitorExporter(exporter => exporter.ConnectionString = azureMonitor);
        }

        return builder;
    }
}
