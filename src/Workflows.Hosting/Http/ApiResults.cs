using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflows.Contracts;

namespace Workflows.Hosting.Http;

/// <summary>How both hosts turn failures into HTTP answers, so their status codes and bodies cannot drift.</summary>
public static class ApiResults
{
    /// <summary>400 listing every problem as <c>{field, message}</c>.</summary>
    public static BadRequest<ApiError> Invalid(ContractValidationException exception) =>
        TypedResults.BadRequest(new ApiError($"{exception.Source} is invalid", exception.Source, exception.Errors));

    /// <summary>400 for one bad request parameter.</summary>
    public static BadRequest<ApiError> Invalid(string field, string message) =>
        TypedResults.BadRequest(new ApiError("the request is invalid", "request", [new ValidationError(field, message)]));

    /// <summary>404 naming what was not found, e.g. <c>run 'lastfm-0123'</c>.</summary>
    public static NotFound<ApiError> NotFound(string what) => TypedResults.NotFound(new ApiError($"{what} does not exist"));

    /// <summary>409: the resource exists but is in a state where the command does not apply.</summary>
    public static Conflict<ApiError> Conflict(string what) => TypedResults.Conflict(new ApiError(what));
}
