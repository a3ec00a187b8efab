using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Workflows.Contracts;

namespace Workflows.Hosting.Http;

/// <summary>
/// The safety net behind the endpoints' own typed results: a <see cref="ContractValidationException"/> that escapes
/// anywhere in the pipeline is still a 400 listing every problem, and a malformed request a 400, never a 500.
/// </summary>
internal sealed class ContractValidationExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        IResult? result = exception switch
        {
            ContractValidationException invalid => ApiResults.Invalid(invalid),
            BadHttpRequestException bad => ApiResults.Invalid("request", bad.Message),
            _ => null,
        };

        if (result is null)
        {
            return false;
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }
}
