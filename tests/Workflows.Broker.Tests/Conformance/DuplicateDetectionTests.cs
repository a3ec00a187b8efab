using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Conformance;

public sealed class DuplicateDetectionTests(ServiceBusTarget target, ITestOutputHelper output)
    : ConformanceTest(target, output, TestQueues.Deduplicated)
{
    [Fact]
    public async Task RetriedSend_WithTheSameMessageId_IsDeliveredOnce()
    {
        await SendAsync(new ServiceBusMessage("dispatch") { MessageId = "job-1/attempt-1" });
        await SendAsync(new ServiceBusMessage("dispatch again") { MessageId = "job-1/attempt-1" });
        await SendAsync(new ServiceBusMessage("other") { MessageId = "job-2/attempt-1" });
        await using var receiver = CreateReceiver();

        var received = await ReceiveAsync(receiver, 2);
        await CompleteAllAsync(receiver, received);

        Assert.Equal(["dispatch", "other"], received.Select(m => m.Body.ToString()));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Timeout));
    }

    [Fact]
    public async Task ScheduledRetry_WithTheSameMessageId_IsDeliveredOnce()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(1);
        await SendAsync(new ServiceBusMessage("retry") { MessageId = "job-3/attempt-2", ScheduledEnqueueTime = due });
        await SendAsync(new ServiceBusMessage("retry again") { MessageId = "job-3/attempt-2", ScheduledEnqueueTime = due });
        await using var receiver = CreateReceiver();

        var message = await ReceiveOneAsync(receiver);
        await receiver.CompleteMessageAsync(message, Timeout);

        Assert.Equal("retry", message.Body.ToString());
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(2), Timeout));
    }
}
