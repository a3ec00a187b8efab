using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Host.Api;
using Workflows.Hosting.Api;
using Workflows.Hosting.Health;
using Workflows.Orchestration.Application;

namespace Workflows.Functions.Tests.Support;

/// <summary>
/// The standalone host's HTTP pipeline (its <c>AddHostApi</c>, exception handler, health endpoint and <c>MapHostApi</c>,
/// as its Program composes them) on a loopback port, over the world's application services: the reference answers.
/// </summary>
internal sealed class StandaloneApiHost : IApiHost, IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient http;

    private StandaloneApiHost(WebApplication app, Uri address)
    {
        this.app = app;
        http = new HttpClient { BaseAddress = address };
    }

    public static async Task<StandaloneApiHost> StartAsync(ApiWorld world, ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Workflows:Api:BindAddress"] = "127.0.0.1";
        builder.Configuration["Workflows:Api:Port"] = "0";
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddWorkflowsHealthChecks().AddHostApi();
        builder.Services.AddSingleton<IRunService>(world.Application.Runs(world.Client));
        builder.Services.AddSingleton(world.Services.GetRequiredService<ModelService>());
        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapWorkflowsHealth();
        app.MapHostApi();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new StandaloneApiHost(app, new Uri(address));
    }

    public async Task<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        }

        if (request.IdempotencyKey is not null)
        {
            message.Headers.Add(RunsApi.IdempotencyKeyHeader, request.IdempotencyKey);
        }

        using var response = await http.SendAsync(message, cancellationToken);
        return ApiAnswer.Create(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.Location?.OriginalString,
            await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
