using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Workflows.Hosting.Api;
using Workflows.Orchestration.Application;

namespace Workflows.Functions.Api;

/// <summary>The standalone host's <c>/api/models</c> routes as HTTP functions (function key), answered by the same handlers.</summary>
public sealed class ModelsFunctions(ModelService models)
{
    [Function("ListModels")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Models)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await ModelsApi.ListAsync(models, cancellationToken);

    [Function("Recommend")]
    public async Task<IResult> RecommendAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.ModelRecommend)] HttpRequest request,
        string dataset,
        string model,
        CancellationToken cancellationToken) =>
        await ModelsApi.RecommendAsync(dataset, model, request, models, cancellationToken);
}
