using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Conformance;

public sealed class ExpiryTests(ServiceBusTarget target, ITestOutputHelper output)
    : ConformanceTest(target, output, TestQueues.Expiring)
{
    [Fact]
    public async Task TimeToLive_Elapsed_MovesTheMessageToTheDeadLetterQueue()
    {
        await SendAsync(new ServiceBusMessage("stale") { MessageId = "job-stale", TimeToLive = TimeSpan.FromSeconds(1) });
        await Task.Delay(TimeSpan.FromSeconds(2), Timeout);
        await using var receiver = CreateReceiver();
        await using var deadLetters = CreateReceiver(SubQueue.DeadLetter);

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Timeout));
        var deadLettered = await ReceiveOneAsync(deadLetters);

        Assert.Equal("job-stale", deadLettered.MessageId);
        Assert.Equal("TTLExpiredException", deadLettered.DeadLetterReason);
        await deadLetters.CompleteMessageAsync(deadLettered, Timeout);
    }
}
