using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workflows.Functions.Api;
using Workflows.Hosting.Api;
using Workflows.Orchestration.Application;

namespace Workflows.Functions.Tests.Support;

/// <summary>
/// The Functions app's HTTP functions called as the worker calls them: the route's function method with the request,
/// its route values and the world's Durable client (what <c>[DurableClient]</c> binds), and the returned result executed
/// against the request's context, as the ASP.NET Core integration does.
/// </summary>
internal sealed class FunctionsApiHost(ApiWorld world) : IApiHost
{
    private readonly RunsFunctions runs = new(world.Application);
    private readonly DatasetsFunctions datasets = new(world.Application);
    private readonly ModelsFunctions models = new(world.Services.GetRequiredService<ModelService>());
    private readonly HealthFunction health = new(world.Services.GetRequiredService<HealthCheckService>());

    public async Task<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var uri = new Uri(new Uri("http://functions.invalid"), request.PathAndQuery);
        var context = new DefaultHttpContext { RequestServices = world.Services };
        context.Request.Method = request.Method;
        context.Request.Path = uri.AbsolutePath;
        context.Request.QueryString = new QueryString(uri.Query);
        if (request.Body is not null)
        {
            byte[] body = Encoding.UTF8.GetBytes(request.Body);
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
            context.Request.ContentType = "application/json; charset=utf-8";
        }

        if (request.IdempotencyKey is not null)
        {
            context.Request.Headers[RunsApi.IdempotencyKeyHeader] = request.IdempotencyKey;
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        IResult result = await InvokeAsync(context.Request, uri.AbsolutePath.Trim('/').Split('/'), cancellationToken);
        await result.ExecuteAsync(context);
        return ApiAnswer.Create(
            context.Response.StatusCode,
            context.Response.ContentType,
            context.Response.Headers.Location.FirstOrDefault(),
            Encoding.UTF8.GetString(response.ToArray()));
    }

    /// <summary>The function whose trigger route (below <see cref="ApiRoutes.Prefix"/>) and method match, as the host routes.</summary>
    private Task<IResult> InvokeAsync(HttpRequest request, string[] path, CancellationToken cancellationToken) => (request.Method, path) switch
    {
        ("POST", [ApiRoutes.Prefix, "runs"]) => runs.StartAsync(request, world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "runs"]) => runs.ListAsync(request, world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "runs", var runId]) => runs.GetAsync(request, runId, world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "runs", var runId, "jobs"]) => runs.ListJobsAsync(request, runId, world.Client, cancellationToken),
        ("POST", [ApiRoutes.Prefix, "runs", var runId, "cancel"]) => runs.CancelAsync(request, runId, world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "runs", var runId, "report"]) => runs.GetReportAsync(request, runId, world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "runs", var runId, "report", "files"]) => runs.ListReportFilesAsync(request, runId, world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "runs", var runId, "report", "files", .. var name]) =>
            runs.GetReportFileAsync(request, runId, string.Join('/', name), world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "datasets"]) => datasets.ListAsync(request, world.Client, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "models"]) => models.ListAsync(request, cancellationToken),
        ("POST", [ApiRoutes.Prefix, "models", var dataset, var model, "recommend"]) => models.RecommendAsync(request, dataset, model, cancellationToken),
        ("GET", [ApiRoutes.Prefix, "health"]) => health.CheckAsync(request, cancellationToken),
        _ => throw new InvalidOperationException($"no function serves {request.Method} /{string.Join('/', path)}"),
    };
}
