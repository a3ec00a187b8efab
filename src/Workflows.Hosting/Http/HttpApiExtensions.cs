using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;

namespace Workflows.Hosting.Http;

public static class HttpApiExtensions
{
    /// <summary>The contracts' JSON dialect (camelCase, kebab-case enums, nulls omitted, unknown members rejected) for every request and response, plus the 400 safety net.</summary>
    public static IServiceCollection AddWorkflowsHttpApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => CopyContractJson(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ContractValidationExceptionHandler>();
        return services;
    }

    private static void CopyContractJson(JsonSerializerOptions target)
    {
        var source = ContractJson.Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.UnmappedMemberHandling = source.UnmappedMemberHandling;
        target.RespectNullableAnnotations = source.RespectNullableAnnotations;
        target.RespectRequiredConstructorParameters = source.RespectRequiredConstructorParameters;
        target.AllowTrailingCommas = source.AllowTrailingCommas;
        target.ReadCommentHandling = source.ReadCommentHandling;
        foreach (var converter in source.Converters)
        {
            target.Converters.Add(converter);
        }
    }
}
