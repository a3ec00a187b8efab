using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Workflows.Contracts;
using Workflows.Hosting.Http;
using Workflows.Orchestration.Application;

namespace Workflows.Hosting.Api;

/// <summary><c>/api/models</c>: the promoted models and their recommendations, over <see cref="ModelService"/>.</summary>
public static class ModelsApi
{
    /// <summary>A body holds at most <see cref="RecommendRequest.MaxUsers"/> ids; this bounds it with room to spare.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ApiRoutes.Absolute(ApiRoutes.Models), ListAsync).WithName("ListModels").WithTags("Models");
        endpoints.MapPost(ApiRoutes.Absolute(ApiRoutes.ModelRecommend), RecommendAsync).WithName("Recommend").WithTags("Models");
        return endpoints;
    }

    public static async Task<Ok<IReadOnlyList<ModelPointer>>> ListAsync(ModelService models, CancellationToken cancellationToken) =>
        TypedResults.Ok(await models.ListAsync(cancellationToken));

    /// <summary>200 with each user's top-K; 400 naming every bad field or unknown user; 404 when the dataset has no such promoted model.</summary>
    public static async Task<Results<Ok<RecommendResponse>, BadRequest<ApiError>, NotFound<ApiError>>> RecommendAsync(
        string dataset, string model, HttpRequest request, ModelService models, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            if (body.Length > MaxBodyBytes)
            {
                return ApiResults.Invalid("$", $"the body is {body.Length} bytes; the limit is {MaxBodyBytes}");
            }

            var recommend = ContractJson.Deserialize<RecommendRequest>(body.ToArray(), "request");
            return await models.RecommendAsync(dataset, model, recommend, cancellationToken) is { } response
                ? TypedResults.Ok(response)
                : ApiResults.NotFound($"promoted model '{model}' of dataset '{dataset}'");
        }
        catch (ContractValidationException invalid)
        {
            return ApiResults.Invalid(invalid);
        }
    }
}
