using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Durable;
using Workflows.Hosting.Api;

namespace Workflows.Functions.Api;

/// <summary>
/// The standalone host's <c>/api/runs</c> routes as HTTP functions (function keys): each passes its request's route,
/// query and header values to the handler the standalone host maps, over the application services of its Durable client.
/// </summary>
public sealed class RunsFunctions(DurableApplicationServices services)
{
    [Function("StartRun")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Runs)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.StartAsync(request, request.Headers[RunsApi.IdempotencyKeyHeader], services.Runs(client), cancellationToken);

    [Function("ListRuns")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Runs)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.ListAsync(request.Query["dataset"], request.Query["state"], request.Query["limit"], services.Runs(client), cancellationToken);

    [Function("GetRun")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Run)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.GetAsync(runId, services.Runs(client), cancellationToken);

    [Function("ListRunJobs")]
    public async Task<IResult> ListJobsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RunJobs)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.ListJobsAsync(runId, services.Runs(client), cancellationToken);

    [Function("CancelRun")]
    public async Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RunCancel)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.CancelAsync(runId, services.Runs(client), cancellationToken);

    [Function("GetRunReport")]
    public async Task<IResult> GetReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RunReport)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.GetReportAsync(runId, request.Query["format"], services.Runs(client), cancellationToken);

    [Function("ListRunReportFiles")]
    public async Task<IResult> ListReportFilesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RunReportFiles)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.ListReportFilesAsync(runId, services.Runs(client), cancellationToken);

    [Function("GetRunReportFile")]
    public async Task<IResult> GetReportFileAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RunReportFile)] HttpRequest request,
        string runId,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.GetReportFileAsync(runId, name, services.Runs(client), cancellationToken);

    [Function("DeleteRun")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiRoutes.Run)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.DeleteAsync(runId, services.Runs(client), cancellationToken);

    [Function("GetJobLog")]
    public async Task<IResult> GetJobLogAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.RunJobLog)] HttpRequest request,
        string runId,
        string jobId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.GetJobLogAsync(runId, jobId, request.Query["attempt"], request.HttpContext.Response, services.Runs(client), cancellationToken);

    [Function("RetryRun")]
    public async Task<IResult> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RunRetry)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await RunsApi.RetryAsync(runId, services.Runs(client), cancellationToken);
}
