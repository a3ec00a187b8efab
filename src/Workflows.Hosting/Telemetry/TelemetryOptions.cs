namespace Workflows.Hosting.Telemetry;

/// <summary>
/// <c>Workflows:Telemetry</c>: where OpenTelemetry traces, metrics and logs go. Nothing is exported unless configured:
/// <code>
/// "Workflows": { "Telemetry": { "ConsoleExporter": true, "AzureMonitorConnectionString": "InstrumentationKey=..." } }
/// </code>
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Workflows:Telemetry";

    /// <summary>The variable Azure sets for Application Insights; used when <see cref="AzureMonitorConnectionString"/> is empty.</summary>
    public const string ApplicationInsightsVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Write spans, metrics and log records to stdout (local debugging).</summary>
    public bool ConsoleExporter { get; set; }

    public string? AzureMonitorConnectionString { get; set; }

    /// <summary>Append finished spans as JSON lines to a file per process in this folder (tests, offline debugging).</summary>
    public string? SpanFileDirectory { get; set; }

    /// <summary>The <c>service.name</c> resource attribute; the application name when empty.</summary>
    public string? ServiceName { get; set; }
}
