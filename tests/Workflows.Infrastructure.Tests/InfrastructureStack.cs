using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Broker;
using Workflows.Infrastructure;
using Workflows.Infrastructure.Storage;
using Workflows.LocalStack;
using Workflows.Testing;
using Xunit.Abstractions;
using BrokerQueue = Workflows.Broker.QueueOptions;

namespace Workflows.Infrastructure.Tests;

/// <summary>One Azurite and one loopback broker for the whole assembly; each test gets its own queues by name.</summary>
public sealed class InfrastructureStack : IAsyncLifetime
{
    public static readonly string[] JobQueues = ["jobs-dedupe", "jobs-scheduled"];

    public LocalAzurite Azurite { get; private set; } = null!;

    public LoopbackBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await LocalAzurite.StartAsync(startupTimeout: TimeSpan.FromSeconds(60));
        Broker = await LoopbackBroker.StartAsync(new BrokerOptions
        {
            CountersLogInterval = TimeSpan.Zero,
            Queues = [.. JobQueues.Select(name => new BrokerQueue { Name = name, LockDuration = TimeSpan.FromSeconds(5), DuplicateDetectionWindow = TimeSpan.FromMinutes(10) })],
        });
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>The infrastructure composed as a host composes it, with <paramref name="overrides"/> on top of the stack's endpoints.</summary>
    public async Task<ServiceProvider> CreateServicesAsync(ITestOutputHelper output, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Workflows:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Workflows:Storage:UploadBlockBytes"] = (256 * 1024).ToString(),
            ["Workflows:ServiceBus:ConnectionString"] = Broker.ConnectionString,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Debug))
            .AddWorkflowsInfrastructure(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(TestTimeouts.After(TimeSpan.FromSeconds(60)));
        return provider;
    }
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureStack>
{
    public const string Name = "infrastructure stack";
}
