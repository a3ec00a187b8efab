using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Workflows.Contracts;
using Workflows.Hosting.Http;
using Workflows.Orchestration.Application;

namespace Workflows.Hosting.Api;

/// <summary>
/// <c>/api/runs</c>: start, list, status, jobs and their logs, cancel, retry, delete and report of runs, over
/// <see cref="IRunService"/>. The standalone host maps these handlers as endpoints; the Functions app's HTTP functions
/// call them with the same arguments.
/// </summary>
public static class RunsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Names the attempt whose log <c>GET .../jobs/{jobId}/log</c> returned.</summary>
    public const string AttemptHeader = "Workflows-Attempt";
    private const int MaxListLimit = 500;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ApiRoutes.Absolute(ApiRoutes.Runs), StartAsync).WithName("StartRun").WithTags("Runs");
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.Runs), ListAsync).WithName("ListRuns").WithTags("Runs");
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.Run), GetAsync).WithName("GetRun").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapDelete(ApiRoutes.Absolute(ApiRoutes.Run), DeleteAsync).WithName("DeleteRun").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.RunJobs), ListJobsAsync).WithName("ListRunJobs").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.RunJobLog), GetJobLogAsync).WithName("GetJobLog").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapPost(ApiRoutes.Absolute(ApiRoutes.RunCancel), CancelAsync).WithName("CancelRun").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapPost(ApiRoutes.Absolute(ApiRoutes.RunRetry), RetryAsync).WithName("RetryRun").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.RunReport), GetReportAsync).WithName("GetRunReport").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.RunReportFiles), ListReportFilesAsync).WithName("ListRunReportFiles").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.RunReportFile), GetReportFileAsync).WithName("GetRunReportFile").WithTags("Runs").AddEndpointFilter<RunScopeEndpointFilter>();
        return endpoints;
    }

    public static string StatusPath(string runId) => ApiRoutes.Absolute(ApiRoutes.Run).Replace("{runId}", runId, StringComparison.Ordinal);

    /// <summary>202 with the new run; 200 when the request matched an existing run (idempotent replay); 400 listing every problem; 413 for an oversized body.</summary>
    public static async Task<Results<Accepted<StartRunResponse>, Ok<StartRunResponse>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> StartAsync(
        HttpRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        IRunService runService,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > StartRunBody.MaxBytes)
        {
            return TooLarge(request.ContentLength.Value);
        }

        var body = await request.BodyReader.ReadAtLeastAsync(StartRunBody.MaxBytes + 1, cancellationToken);
        try
        {
            if (body.Buffer.Length > StartRunBody.MaxBytes)
            {
                return TooLarge(body.Buffer.Length);
            }

            var startRequest = StartRunBody.Parse(body.Buffer.ToArray(), idempotencyKey);
            var started = await runService.StartAsync(startRequest, cancellationToken);
            var response = new StartRunResponse(started.RunId, started.Created, started.Status);
            return started.Created
                ? TypedResults.Accepted(StatusPath(started.RunId), response)
                : TypedResults.Ok(response);
        }
        catch (ContractValidationException invalid)
        {
            return ApiResults.Invalid(invalid);
        }
        finally
        {
            request.BodyReader.AdvanceTo(body.Buffer.End);
        }
    }

    /// <param name="limit">Kept as text so that a malformed number is answered like any other bad filter.</param>
    public static async Task<Results<Ok<IReadOnlyList<RunStatus>>, BadRequest<ApiError>>> ListAsync(
        string? dataset, string? state, string? limit, IRunService runService, CancellationToken cancellationToken)
    {
        RunState? stateFilter = null;
        try
        {
            stateFilter = state is null ? null : ContractJson.Deserialize<RunState>($"\"{state}\"", "state");
        }
        catch (ContractValidationException)
        {
            return ApiResults.Invalid("state", $"'{state}' is not a run state; expected one of {string.Join(", ", Enum.GetValues<RunState>().Select(s => ContractJson.Serialize(s).Trim('"')))}");
        }

        int? count = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : null;
        if (limit is not null && count is not (>= 1 and <= MaxListLimit))
        {
            return ApiResults.Invalid("limit", $"must be a whole number between 1 and {MaxListLimit}");
        }

        var query = new RunListQuery(dataset, stateFilter, count ?? new RunListQuery().Limit);
        return TypedResults.Ok(await runService.ListAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<RunStatus>, NotFound<ApiError>>> GetAsync(string runId, IRunService runService, CancellationToken cancellationToken) =>
        await runService.GetStatusAsync(runId, cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : ApiResults.NotFound($"run '{runId}'");

    public static async Task<Results<Ok<IReadOnlyList<JobStatusSummary>>, NotFound<ApiError>>> ListJobsAsync(string runId, IRunService runService, CancellationToken cancellationToken) =>
        await runService.ListJobsAsync(runId, cancellationToken) is { } jobs
            ? TypedResults.Ok(jobs)
            : ApiResults.NotFound($"run '{runId}'");

    /// <summary>202: the cancel marker is written and the orchestration told to stop; 409 when the run has already finished.</summary>
    public static async Task<Results<Accepted, NotFound<ApiError>, Conflict<ApiError>>> CancelAsync(string runId, IRunService runService, CancellationToken cancellationToken) =>
        await runService.CancelAsync(runId, cancellationToken) switch
        {
            RunCommandResult.Accepted => TypedResults.Accepted(StatusPath(runId)),
            RunCommandResult.NotFound => ApiResults.NotFound($"run '{runId}'"),
            _ => ApiResults.Conflict($"run '{runId}' has already finished and cannot be cancelled"),
        };

    /// <summary>202: the run starts again under its id, reusing finished jobs; 409 while it runs or after it completed.</summary>
    public static async Task<Results<Accepted, NotFound<ApiError>, Conflict<ApiError>>> RetryAsync(string runId, IRunService runService, CancellationToken cancellationToken) =>
        await runService.RetryAsync(runId, cancellationToken) switch
        {
            RunCommandResult.Accepted => TypedResults.Accepted(StatusPath(runId)),
            RunCommandResult.NotFound => ApiResults.NotFound($"run '{runId}'"),
            _ => ApiResults.Conflict($"run '{runId}' is running, completed or was rejected; only a failed, cancelled or partly failed run can be retried"),
        };

    /// <summary>204: the run's blobs and history are gone; 409 while it runs (cancel it first).</summary>
    public static async Task<Results<NoContent, NotFound<ApiError>, Conflict<ApiError>>> DeleteAsync(string runId, IRunService runService, CancellationToken cancellationToken) =>
        await runService.DeleteAsync(runId, cancellationToken) switch
        {
            RunCommandResult.Accepted => TypedResults.NoContent(),
            RunCommandResult.NotFound => ApiResults.NotFound($"run '{runId}'"),
            _ => ApiResults.Conflict($"run '{runId}' has not finished; cancel it before deleting it"),
        };

    /// <summary><c>text/plain</c> log of the latest attempt that wrote one (or of <c>?attempt=n</c>), the attempt in <see cref="AttemptHeader"/>.</summary>
    /// <param name="attempt">Kept as text so that a malformed number is answered like any other bad parameter.</param>
    public static async Task<Results<FileContentHttpResult, NotFound<ApiError>, BadRequest<ApiError>>> GetJobLogAsync(
        string runId, string jobId, string? attempt, HttpResponse response, IRunService runService, CancellationToken cancellationToken)
    {
        int? number = int.TryParse(attempt, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : null;
        if (attempt is not null && number is not >= 1)
        {
            return ApiResults.Invalid("attempt", "must be a whole number, 1 or more");
        }

        var log = await runService.GetJobLogAsync(runId, jobId, number, cancellationToken);
        if (log is null)
        {
            return ApiResults.NotFound($"a log of job '{jobId}'{(number is null ? "" : $" attempt {number}")} in run '{runId}'");
        }

        response.Headers[AttemptHeader] = log.Attempt.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Bytes(log.Text, "text/plain; charset=utf-8");
    }

    /// <summary><c>?format=json</c> (default) or <c>md</c>; 404 until the report is written.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound<ApiError>, BadRequest<ApiError>>> GetReportAsync(
        string runId, string? format, IRunService runService, CancellationToken cancellationToken)
    {
        ReportFormat? reportFormat = format switch
        {
            null or "json" => ReportFormat.Json,
            "md" or "markdown" => ReportFormat.Markdown,
            _ => null,
        };
        if (reportFormat is null)
        {
            return ApiResults.Invalid("format", $"'{format}' is not a report format; expected json or md");
        }

        return await runService.GetReportAsync(runId, reportFormat.Value, cancellationToken) is { } report
            ? TypedResults.Bytes(report.Content, report.ContentType)
            : ApiResults.NotFound($"the report of run '{runId}' (the run is unknown or has not finished)");
    }

    /// <summary>The report's files written so far (<c>report.md</c>, <c>report.html</c>, <c>plots/...</c>; none until the run finishes).</summary>
    public static async Task<Results<Ok<IReadOnlyList<ReportFile>>, NotFound<ApiError>>> ListReportFilesAsync(string runId, IRunService runService, CancellationToken cancellationToken) =>
        await runService.ListReportFilesAsync(runId, cancellationToken) is { } files
            ? TypedResults.Ok(files)
            : ApiResults.NotFound($"run '{runId}'");

    /// <summary>One file <see cref="ListReportFilesAsync"/> lists, by its name there; 400 for a name no report file can have.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound<ApiError>, BadRequest<ApiError>>> GetReportFileAsync(
        string runId, string name, IRunService runService, CancellationToken cancellationToken)
    {
        if (!RunReportFiles.IsReportFileName(name))
        {
            return ApiResults.Invalid("name", $"'{name}' is not a report file; expected report.json, report.md, report.html or plots/<file>");
        }

        return await runService.GetReportFileAsync(runId, name, cancellationToken) is { } file
            ? TypedResults.Bytes(file.Content, file.ContentType)
            : ApiResults.NotFound($"report file '{name}' of run '{runId}'");
    }

    private static JsonHttpResult<ApiError> TooLarge(long bytes) =>
        TypedResults.Json(
            new ApiError("the request body is too large", "request body",
                [new ValidationError("$", $"{bytes} bytes; the limit is {StartRunBody.MaxBytes} (a spec may be at most {SizeLimits.MaxSpecBytes} bytes)")]),
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
