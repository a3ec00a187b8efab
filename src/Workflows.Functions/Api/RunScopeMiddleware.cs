using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Workflows.Hosting.Api;
using Workflows.Orchestration.Durable;

namespace Workflows.Functions.Api;

/// <summary>
/// The Functions app's counterpart of the standalone host's run-route filter: a function invoked for a run (a
/// <c>runs/{runId}...</c> route) runs in the run's logging scope, its span tagged with the run id (<see cref="RunTelemetry"/>).
/// </summary>
internal sealed class RunScopeMiddleware(ILogger<RunScopeMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        using var scope = context.BindingContext.BindingData.TryGetValue(ApiRoutes.RunIdParameter, out var value) && value is string runId
            ? RunTelemetry.Begin(logger, runId)
            : null;
        await next(context);
    }
}
