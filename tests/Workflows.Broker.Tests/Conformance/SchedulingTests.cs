using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Conformance;

public sealed class SchedulingTests(ServiceBusTarget target, ITestOutputHelper output)
    : ConformanceTest(target, output, TestQueues.Basic)
{
    static readonly TimeSpan Backoff = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ScheduledEnqueueTime_HoldsTheMessageBackUntilItIsDue()
    {
        var due = DateTimeOffset.UtcNow + Backoff;
        await SendAsync(new ServiceBusMessage("retry") { MessageId = "job-retry", ScheduledEnqueueTime = due });
        await using var receiver = CreateReceiver();

        Assert.Null(await receiver.ReceiveMessageAsync(Backoff / 3, Timeout));
        var message = await ReceiveOneAsync(receiver, maxWait: Backoff + TimeSpan.FromSeconds(10));

        Assert.True(DateTimeOffset.UtcNow >= due - TimeSpan.FromMilliseconds(100));
        Assert.Equal("job-retry", message.MessageId);
        Assert.Equal(due.ToUnixTimeMilliseconds(), message.ScheduledEnqueueTime.ToUnixTimeMilliseconds());
        await receiver.CompleteMessageAsync(message, Timeout);
    }

    [Fact]
    public async Task ScheduleMessage_ThenCancel_NeverDeliversIt()
    {
        await using var sender = Client.CreateSender(Queue);
        var sequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddMinutes(5), Timeout);
        await using var receiver = CreateReceiver();

        var scheduled = Assert.Single(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout));
        await sender.CancelScheduledMessageAsync(sequenceNumber, Timeout);

        Assert.Equal(sequenceNumber, scheduled.SequenceNumber);
        Assert.Equal(ServiceBusMessageState.Scheduled, scheduled.State);
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout));
    }
}
