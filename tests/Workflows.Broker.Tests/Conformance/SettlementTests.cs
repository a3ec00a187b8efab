using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Conformance;

public sealed class SettlementTests(ServiceBusTarget target, ITestOutputHelper output)
    : ConformanceTest(target, output, TestQueues.Basic)
{
    [Fact]
    public async Task Complete_RemovesTheMessage()
    {
        await SendAsync(new ServiceBusMessage("done"));
        await using var receiver = CreateReceiver();

        await receiver.CompleteMessageAsync(await ReceiveOneAsync(receiver), Timeout);

        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Timeout));
    }

    [Fact]
    public async Task Abandon_RedeliversAtOnceWithTheDeliveryCountIncremented()
    {
        await SendAsync(new ServiceBusMessage("again"));
        await using var receiver = CreateReceiver();
        var first = await ReceiveOneAsync(receiver);

        await receiver.AbandonMessageAsync(first, cancellationToken: Timeout);
        var second = await ReceiveOneAsync(receiver, maxWait: Target.LockDuration / 2);

        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first.LockToken, second.LockToken);
        await receiver.CompleteMessageAsync(second, Timeout);
    }

    [Fact]
    public async Task Abandon_UpToMaxDeliveryCount_MovesThePoisonMessageToTheDeadLetterQueueWithTheStandardReason()
    {
        await SendAsync(new ServiceBusMessage("poison") { MessageId = "poison-1", ApplicationProperties = { ["kind"] = "test" } });
        await using var receiver = CreateReceiver();
        for (var delivery = 1; delivery <= Target.MaxDeliveryCount; delivery++)
        {
            var message = await ReceiveOneAsync(receiver);
            Assert.Equal(delivery, message.DeliveryCount);
            await receiver.AbandonMessageAsync(message, cancellationToken: Timeout);
        }

        await using var deadLetters = CreateReceiver(SubQueue.DeadLetter);
        var deadLettered = await ReceiveOneAsync(deadLetters);

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Timeout));
        Assert.Equal("poison-1", deadLettered.MessageId);
        Assert.Equal("poison", deadLettered.Body.ToString());
        Assert.Equal("test", deadLettered.ApplicationProperties["kind"]);
        Assert.Equal("MaxDeliveryCountExceeded", deadLettered.DeadLetterReason);
        await deadLetters.CompleteMessageAsync(deadLettered, Timeout);
    }

    [Fact]
    public async Task DeadLetter_WithReasonAndDescription_LandsInTheDeadLetterQueueWithBoth()
    {
        await SendAsync(new ServiceBusMessage("bad input") { MessageId = "job-9", ApplicationProperties = { ["attempt"] = 3 } });
        await using var receiver = CreateReceiver();
        var message = await ReceiveOneAsync(receiver);

        await receiver.DeadLetterMessageAsync(message, "InvalidInput", "The manifest names no files.", Timeout);

        await using var deadLetters = CreateReceiver(SubQueue.DeadLetter);
        var deadLettered = await ReceiveOneAsync(deadLetters);
        Assert.Equal("job-9", deadLettered.MessageId);
        Assert.Equal("bad input", deadLettered.Body.ToString());
        Assert.Equal(3, deadLettered.ApplicationProperties["attempt"]);
        Assert.Equal("InvalidInput", deadLettered.DeadLetterReason);
        Assert.Equal("The manifest names no files.", deadLettered.DeadLetterErrorDescription);
        Assert.Equal(message.SequenceNumber, deadLettered.SequenceNumber);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Timeout));
        await deadLetters.CompleteMessageAsync(deadLettered, Timeout);
    }

    [Fact]
    public async Task Complete_AfterTheLockExpired_FailsWithMessageLockLost()
    {
        await SendAsync(new ServiceBusMessage("slow"));
        await using var receiver = CreateReceiver();
        var message = await ReceiveOneAsync(receiver);

        await Task.Delay(Target.LockDuration + TimeSpan.FromSeconds(1), Timeout);
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message, Timeout));

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, error.Reason);
        var redelivered = await ReceiveOneAsync(receiver);
        Assert.Equal(message.SequenceNumber, redelivered.SequenceNumber);
        await receiver.CompleteMessageAsync(redelivered, Timeout);
    }
}
