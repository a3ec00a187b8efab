using Microsoft.AspNetCore.Http.HttpResults;
using Workflows.Orchestration.Application;

namespace Workflows.Host.Api;

/// <summary><c>/api/datasets</c>: the datasets whose manifests are in storage.</summary>
public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder endpoints)
    {
        var datasets = endpoints.MapGroup("/api/datasets").WithTags("Datasets");
        datasets.MapGet("/", ListAsync).WithName("ListDatasets");
        return datasets;
    }

    internal static async Task<Ok<IReadOnlyList<DatasetSummary>>> ListAsync(IRunService runService, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runService.ListDatasetsAsync(cancellationToken));
}
