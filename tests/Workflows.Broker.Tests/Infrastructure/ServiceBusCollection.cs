namespace Workflows.Broker.Tests.Infrastructure;

/// <summary>Conformance tests share one target and run one at a time, since they share its queues.</summary>
[CollectionDefinition(Name)]
public sealed class ServiceBusCollection : ICollectionFixture<ServiceBusTarget>
{
    public const string Name = "ServiceBus";
}
