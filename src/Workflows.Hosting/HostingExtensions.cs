using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workflows.Hosting.Health;
using Workflows.Hosting.Logging;
using Workflows.Hosting.Telemetry;

namespace Workflows.Hosting;

public static class HostingExtensions
{
    /// <summary>What every Workflows host starts with: logs, OpenTelemetry, health checks, and options validated at start.</summary>
    public static TBuilder AddWorkflowsDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddWorkflowsLogging();
        builder.AddWorkflowsTelemetry();
        builder.Services.AddWorkflowsHealthChecks();
        return builder;
    }

    /// <summary>
    /// Binds one options class to its section of the <c>Workflows</c> tree, checks its data annotations and runs every
    /// registered <c>IValidateOptions</c> when the host starts, so a bad setting stops the host before it does any work.
    /// </summary>
    public static OptionsBuilder<TOptions> AddWorkflowsOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
