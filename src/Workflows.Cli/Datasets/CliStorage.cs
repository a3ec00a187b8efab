using Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Cli.Api;
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
        try
        {
            Blobs = services.GetRequiredService<IBlobStore>();
        }
        catch (FormatException ex)
        {
            services.Dispose();
            throw new CliException(ExitCodes.InvalidInput, $"the storage connection string (--storage or ${CliEndpoints.StorageVariable}) is malformed: {ex.Message}", ex);
        }
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
