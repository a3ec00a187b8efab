using Azure.Messaging.ServiceBus;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Infrastructure;

/// <summary>Base of the conformance tests: a client on the target, a purged queue and a per-test timeout.</summary>
[Collection(ServiceBusCollection.Name)]
public abstract class ConformanceTest : IAsyncLifetime
{
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    protected ConformanceTest(ServiceBusTarget target, ITestOutputHelper output, string queue)
    {
        Target = target;
        Queue = queue;
        target.LogTo(output);
        Client = target.CreateClient();
    }

    protected ServiceBusTarget Target { get; }

    protected string Queue { get; }

    protected ServiceBusClient Client { get; }

    protected CancellationToken Timeout => _timeout.Token;

    public Task InitializeAsync() => Target.PurgeAsync(Client, Queue, Timeout);

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        _timeout.Dispose();
    }

    protected async Task SendAsync(params ServiceBusMessage[] messages)
    {
        await using var sender = Client.CreateSender(Queue);
        await sender.SendMessagesAsync(messages, Timeout);
    }

    protected ServiceBusReceiver CreateReceiver(SubQueue subQueue = SubQueue.None) =>
        Client.CreateReceiver(Queue, new ServiceBusReceiverOptions { SubQueue = subQueue, PrefetchCount = 0 });

    protected Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count) =>
        receiver.ReceiveExactlyAsync(count, Timeout);

    protected async Task CompleteAllAsync(ServiceBusReceiver receiver, IEnumerable<ServiceBusReceivedMessage> messages)
    {
        foreach (var message in messages)
        {
            await receiver.CompleteMessageAsync(message, Timeout);
        }
    }

    /// <summary>Receives one message, failing the test if none arrives in time.</summary>
    protected async Task<ServiceBusReceivedMessage> ReceiveOneAsync(ServiceBusReceiver receiver, TimeSpan? maxWait = null) =>
        await receiver.ReceiveMessageAsync(maxWait ?? TimeSpan.FromSeconds(10), Timeout)
        ?? throw new Xunit.Sdk.XunitException($"No message arrived on '{receiver.EntityPath}'.");
}
