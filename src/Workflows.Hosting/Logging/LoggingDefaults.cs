using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflows.Hosting.Logging;

public static class LoggingDefaults
{
    /// <summary>Libraries that log every poll or message at Information; a configured "Logging:LogLevel:{category}" wins.</summary>
    private static readonly (string Category, LogLevel Level)[] QuietCategories =
    [
        ("DurableTask.Core", LogLevel.Warning),
        ("DurableTask.AzureStorage", LogLevel.Warning),
        ("Azure.Core", LogLevel.Warning),
        ("Azure.Messaging.ServiceBus", LogLevel.Warning),
        ("Azure.Storage", LogLevel.Warning),
        ("Microsoft.AspNetCore", LogLevel.Warning),
        ("System.Net.Http.HttpClient", LogLevel.Warning),
    ];

    /// <summary>Single-line console logs with timestamps (readable when captured to a file) and quiet library categories.</summary>
    public static IHostApplicationBuilder AddWorkflowsLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });

        return builder.AddWorkflowsLogFilters();
    }

    /// <summary>The quiet library categories alone, for hosts whose platform collects the logs (the Functions app).</summary>
    public static IHostApplicationBuilder AddWorkflowsLogFilters(this IHostApplicationBuilder builder)
    {
        foreach (var (category, level) in QuietCategories)
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, level);
            }
        }

        return builder;
    }
}
