using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Infrastructure.Messaging;
using Workflows.Infrastructure.Options;
using Workflows.Infrastructure.Storage;

namespace Workflows.Infrastructure.Tests;

public sealed class OptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddWorkflowsInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void StorageOptions_NeitherConnectionStringNorUris_FailsNamingTheSection()
    {
        using var services = Build([]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("Workflows:Storage: set ConnectionString, or both BlobServiceUri and QueueServiceUri", error.Message);
    }

    [Fact]
    public void Options_IdentityEndpointsAndDurations_BindFromTheWorkflowsTree()
    {
        using var services = Build(new()
        {
            ["Workflows:Storage:BlobServiceUri"] = "https://acct.blob.core.windows.net",
            ["Workflows:Storage:QueueServiceUri"] = "https://acct.queue.core.windows.net",
            ["Workflows:ServiceBus:FullyQualifiedNamespace"] = "ns.servicebus.windows.net",
            ["Workflows:ServiceBus:MaxDeliveryCount"] = "5",
            ["Workflows:Jobs:RetryBudget"] = "3",
            ["Workflows:Jobs:BackoffBase"] = "00:00:02",
        });

        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), services.GetRequiredService<IOptions<StorageOptions>>().Value.BlobServiceUri);
        Assert.Equal("jobs", services.GetRequiredService<IOptions<ServiceBusOptions>>().Value.JobsQueue);
        var jobs = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        Assert.Equal(3, jobs.RetryBudget);
        Assert.Equal(TimeSpan.FromSeconds(2), jobs.BackoffBase);
    }

    [Fact]
    public void JobsOptions_RetryBudgetNotBelowMaxDeliveryCount_Fails()
    {
        using var services = Build(new()
        {
            ["Workflows:ServiceBus:ConnectionString"] = "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=a;SharedAccessKey=b;UseDevelopmentEmulator=true",
            ["Workflows:ServiceBus:MaxDeliveryCount"] = "3",
            ["Workflows:Jobs:RetryBudget"] = "3",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<JobsOptions>>().Value);

        Assert.Contains("RetryBudget (3) must be below Workflows:ServiceBus:MaxDeliveryCount (3)", error.Message);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(30, 60)]
    public void BackoffAfter_Failures_DoublesFromBaseUpToMax(int failures, int expectedSeconds)
    {
        var options = new JobsOptions { BackoffBase = TimeSpan.FromSeconds(10), BackoffMax = TimeSpan.FromSeconds(60) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.BackoffAfter(failures));
    }
}
