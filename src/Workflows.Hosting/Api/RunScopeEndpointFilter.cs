using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Workflows.Orchestration.Durable;

namespace Workflows.Hosting.Api;

/// <summary>
/// Runs a <c>/api/runs/{runId}/...</c> handler in the run's logging scope, its request span tagged with the run id
/// (<see cref="RunTelemetry"/>), so that what the application services log for the request names the run.
/// </summary>
internal sealed class RunScopeEndpointFilter(ILogger<RunScopeEndpointFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using var scope = context.HttpContext.GetRouteValue(ApiRoutes.RunIdParameter) is string runId ? RunTelemetry.Begin(logger, runId) : null;
        return await next(context);
    }
}
