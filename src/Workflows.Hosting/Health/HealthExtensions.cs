using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workflows.Hosting.Health;

public static class HealthExtensions
{
    public const string Route = "/api/health";

    /// <summary>A liveness check of the process itself; projects add their own checks (storage, broker) with <c>AddHealthChecks()</c>.</summary>
    public static IServiceCollection AddWorkflowsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("the process is running"));
        return services;
    }

    /// <summary><c>GET /api/health</c>: 200 when every check is healthy, 503 otherwise, with each check's status as JSON.</summary>
    public static IEndpointConventionBuilder MapWorkflowsHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks(Route, new HealthCheckOptions { ResponseWriter = WriteReportAsync })
            .WithName("GetHealth")
            .WithTags("Health");

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new HealthResponse(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.Select(e => new HealthCheckResponse(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message)).ToArray());
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}

public sealed record HealthResponse(string Status, double DurationMs, IReadOnlyList<HealthCheckResponse> Checks);

public sealed record HealthCheckResponse(string Name, string Status, string? Description);
