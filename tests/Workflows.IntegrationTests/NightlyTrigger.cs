using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.DurableCore;
using Workflows.Infrastructure;
using Workflows.LocalStack;
using Workflows.Orchestration.Application;

namespace Workflows.IntegrationTests;

/// <summary>
/// The nightly application service the host's cron calls, built in the test process over the stack's storage and task hub,
/// so a test chooses the day (the host's own cron only ever starts today's).
/// </summary>
internal sealed class NightlyTrigger : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    public NightlyTrigger(StackEndpoints endpoints)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:Storage:ConnectionString"] = endpoints.StorageConnectionString,
            ["Workflows:ServiceBus:ConnectionString"] = endpoints.ServiceBusConnectionString,
            ["Workflows:Durable:PartitionCount"] = "1",
        }).Build();
        provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddWorkflowsInfrastructure(configuration)
            .AddWorkflowsOrchestrations()
            .AddDurableTaskCoreEngine(configuration)
            .BuildServiceProvider();
    }

    public NightlyRetrainService Service => provider.GetRequiredService<NightlyRetrainService>();

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
