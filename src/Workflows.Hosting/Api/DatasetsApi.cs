using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Workflows.Orchestration.Application;

namespace Workflows.Hosting.Api;

/// <summary><c>/api/datasets</c>: the datasets whose manifests are in storage.</summary>
public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.Datasets), ListAsync).WithName("ListDatasets").WithTags("Datasets");
        return endpoints;
    }

    public static async Task<Ok<IReadOnlyList<DatasetSummary>>> ListAsync(IRunService runService, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runService.ListDatasetsAsync(cancellationToken));
}
