using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Workflows.Hosting;
using Workflows.Hosting.Api;
using Workflows.Hosting.Http;

namespace Workflows.Host.Api;

public static class HostApiExtensions
{
    /// <summary>The HTTP API's JSON dialect, error mapping and listening address (<see cref="HostApiOptions"/>).</summary>
    public static IServiceCollection AddHostApi(this IServiceCollection services)
    {
        services.AddWorkflowsOptions<HostApiOptions>(HostApiOptions.Section);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HostApiOptions>>((kestrel, api) =>
            kestrel.Listen(IPAddress.Parse(api.Value.BindAddress), api.Value.Port));
        services.AddWorkflowsHttpApi();
        return services;
    }

    /// <summary>Every route of DESIGN.md's HTTP API that exists so far, grouped by resource.</summary>
    public static IEndpointRouteBuilder MapHostApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRunsApi();
        endpoints.MapDatasetsApi();
        endpoints.MapModelsApi();
        return endpoints;
    }
}
