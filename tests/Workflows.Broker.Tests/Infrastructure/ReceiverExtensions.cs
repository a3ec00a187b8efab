using Azure.Messaging.ServiceBus;

namespace Workflows.Broker.Tests.Infrastructure;

public static class ReceiverExtensions
{
    /// <summary>Receives exactly <paramref name="count"/> messages, failing the test if a 10 s wait brings none.</summary>
    public static async Task<List<ServiceBusReceivedMessage>> ReceiveExactlyAsync(
        this ServiceBusReceiver receiver, int count, CancellationToken cancellationToken)
    {
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < count)
        {
            var batch = await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromSeconds(10), cancellationToken);
            Assert.NotEmpty(batch);
            received.AddRange(batch);
        }

        return received;
    }
}
