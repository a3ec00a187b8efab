using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Options;

namespace Workflows.Infrastructure.Messaging;

/// <summary>
/// <c>Workflows:ServiceBus</c>: the namespace carrying the <c>jobs</c> queue. A connection string locally (loopback broker
/// or emulator, <c>UseDevelopmentEmulator=true</c>); the fully qualified namespace with a managed identity in Azure.
/// </summary>
public sealed class ServiceBusOptions
{
    public const string Section = WorkflowsSettings.Root + ":ServiceBus";

    public string? ConnectionString { get; set; }

    /// <summary>e.g. <c>my-namespace.servicebus.windows.net</c>.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    public string JobsQueue { get; set; } = QueueNames.Jobs;

    /// <summary>The queue's max delivery count as Bicep and the broker declare it (it cannot be read over AMQP).</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>
    /// Where <see cref="JobsQueueDepth"/> reads the queue's runtime properties: the loopback broker's management endpoint or
    /// the emulator's management port. When empty, the namespace itself (<see cref="ConnectionString"/> or
    /// <see cref="FullyQualifiedNamespace"/>), as in Azure.
    /// </summary>
    public string? AdministrationConnectionString { get; set; }

    /// <summary>How often the jobs queue's depth is read from the broker (hosts only); <see cref="TimeSpan.Zero"/> turns it off.</summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(15);

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
}

internal sealed class ServiceBusOptionsValidator : IValidateOptions<ServiceBusOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceBusOptions options)
    {
        var errors = new List<string>();
        if (options.UsesConnectionString == !string.IsNullOrWhiteSpace(options.FullyQualifiedNamespace))
        {
            errors.Add($"{ServiceBusOptions.Section}: set exactly one of ConnectionString and FullyQualifiedNamespace (managed identity)");
        }

        if (string.IsNullOrWhiteSpace(options.JobsQueue))
        {
            errors.Add($"{ServiceBusOptions.Section}:JobsQueue is required");
        }

        if (options.QueueDepthInterval < TimeSpan.Zero)
        {
            errors.Add($"{ServiceBusOptions.Section}:QueueDepthInterval must not be negative");
        }

        if (options.MaxDeliveryCount is < 1 or > 2000)
        {
            errors.Add($"{ServiceBusOptions.Section}:MaxDeliveryCount must be between 1 and 2000");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
