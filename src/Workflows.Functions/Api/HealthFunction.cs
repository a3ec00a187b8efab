using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workflows.Hosting.Api;
using Workflows.Hosting.Health;

namespace Workflows.Functions.Api;

/// <summary>The standalone host's <c>GET /api/health</c> as an HTTP function (function key), answered by the same handler.</summary>
public sealed class HealthFunction(HealthCheckService health)
{
    [Function("GetHealth")]
    public async Task<IResult> CheckAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Health)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await HealthExtensions.CheckAsync(health, cancellationToken);
}
