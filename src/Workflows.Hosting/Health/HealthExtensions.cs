using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workflows.Hosting.Api;

namespace Workflows.Hosting.Health;

public static class HealthExtensions
{
    public static readonly string Route = ApiRoutes.Absolute(ApiRoutes.Health);

    /// <summary>A liveness check of the process itself; projects add their own checks (storage, broker) with <c>AddHealthChecks()</c>.</summary>
    public static IServiceCollection AddWorkflowsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("the process is running"));
        return services;
    }

    /// <summary><c>GET /api/health</c> in the standalone host, answered by <see cref="CheckAsync"/>.</summary>
    public static IEndpointConventionBuilder MapWorkflowsHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, CheckAsync)
            .WithName("GetHealth")
            .WithTags("Health");

    /// <summary>200 when no check is unhealthy (degraded included), 503 otherwise, with each check's status as JSON.</summary>
    public static async Task<JsonHttpResult<HealthResponse>> CheckAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var body = new HealthResponse(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.Select(e => new HealthCheckResponse(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message)).ToArray());
        int status = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return TypedResults.Json(body, JsonSerializerOptions.Web, statusCode: status);
    }
}

public sealed record HealthResponse(string Status, double DurationMs, IReadOnlyList<HealthCheckResponse> Checks);

public sealed record HealthCheckResponse(string Name, string Status, string? Description);
