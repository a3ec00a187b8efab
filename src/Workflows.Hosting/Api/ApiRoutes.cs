namespace Workflows.Hosting.Api;

/// <summary>
/// The HTTP API's route templates below <see cref="Prefix"/>, as constants so that the standalone host's endpoint
/// mapping and the Functions app's <c>[HttpTrigger(Route = ...)]</c> attributes name the same routes.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The Functions host's default route prefix (<c>extensions.http.routePrefix</c> in host.json).</summary>
    public const string Prefix = "api";

    /// <summary>The route parameter naming a run in every <c>runs/{runId}...</c> route.</summary>
    public const string RunIdParameter = "runId";

    public const string Runs = "runs";
    public const string Run = "runs/{runId}";
    public const string RunJobs = "runs/{runId}/jobs";
    public const string RunJobLog = "runs/{runId}/jobs/{jobId}/log";
    public const string RunCancel = "runs/{runId}/cancel";
    public const string RunRetry = "runs/{runId}/retry";
    public const string RunReport = "runs/{runId}/report";
    public const string RunReportFiles = "runs/{runId}/report/files";

    /// <summary>A catch-all: <c>{name}</c> is a path such as <c>plots/mf-recall20.png</c>.</summary>
    public const string RunReportFile = "runs/{runId}/report/files/{*name}";
    public const string Datasets = "datasets";
    public const string Models = "models";
    public const string ModelRecommend = "models/{dataset}/{model}/recommend";
    public const string Health = "health";

    /// <summary>The absolute path of a template, e.g. <c>/api/runs/{runId}</c>.</summary>
    public static string Absolute(string route) => $"/{Prefix}/{route}";
}
