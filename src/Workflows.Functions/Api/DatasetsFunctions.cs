using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Durable;
using Workflows.Hosting.Api;

namespace Workflows.Functions.Api;

/// <summary>The standalone host's <c>GET /api/datasets</c> as an HTTP function (function key), answered by the same handler.</summary>
public sealed class DatasetsFunctions(DurableApplicationServices services)
{
    [Function("ListDatasets")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Datasets)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await DatasetsApi.ListAsync(services.Runs(client), cancellationToken);
}
