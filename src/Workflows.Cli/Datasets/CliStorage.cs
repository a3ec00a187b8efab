using Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Infrastructure;
using Workflows.Infrastructure.Storage;
using Workflows.Orchestration.Ports;

namespace Workflows.Cli.Datasets;

/// <summary>The platform's own blob adapter (retries, streaming uploads), configured from one connection string.</summary>
internal sealed class CliStorage : IAsyncDisposable
{
    private readonly ServiceProvider services;

    public CliStorage(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}", connectionString)])
            .Build();
        services = new ServiceCollection().AddLogging().AddWorkflowsInfrastructure(configuration).BuildServiceProvider();
        Blobs = services.GetRequiredService<IBlobStore>();
    }

    public IBlobStore Blobs { get; }

    /// <summary>Runs a storage call, turning "cannot connect" into a clear CLI error.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
        {
            throw new CliException(ExitCodes.Unavailable, $"{what} failed: {ex.Message}. Is the storage account (Azurite from `wf up`) reachable?", ex);
        }
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
