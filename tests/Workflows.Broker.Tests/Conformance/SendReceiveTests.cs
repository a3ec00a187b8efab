using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Conformance;

public sealed class SendReceiveTests(ServiceBusTarget target, ITestOutputHelper output)
    : ConformanceTest(target, output, TestQueues.Basic)
{
    [Fact]
    public async Task SendMessage_PeekLockReceive_PreservesEveryPropertyAndTheBody()
    {
        var body = new byte[] { 0, 1, 2, 250, 255 };
        var sent = new ServiceBusMessage(body)
        {
            MessageId = "job-42",
            SessionId = "run-7-round-2",
            PartitionKey = "run-7-round-2",
            CorrelationId = "run-7",
            Subject = "recsys.train-round",
            ContentType = "application/json",
            To = "worker",
            ReplyTo = "outcomes",
            TimeToLive = TimeSpan.FromHours(1),
            ApplicationProperties =
            {
                ["text"] = "héllo",
                ["int"] = 42,
                ["long"] = long.MaxValue,
                ["double"] = 2.5,
                ["bool"] = true,
                ["guid"] = Guid.Parse("6f1e2a7c-0d3b-4a55-9c4e-2f8f3b1d9a10"),
                ["time"] = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                ["offset"] = new DateTimeOffset(2031, 6, 7, 8, 9, 10, 123, TimeSpan.Zero),
                ["bytes"] = new byte[] { 9, 8, 7 },
            },
        };
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await SendAsync(sent);

        await using var receiver = CreateReceiver();
        var received = await ReceiveOneAsync(receiver);

        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal("run-7-round-2", received.SessionId);
        Assert.Equal("run-7-round-2", received.PartitionKey);
        Assert.Equal(sent.CorrelationId, received.CorrelationId);
        Assert.Equal(sent.Subject, received.Subject);
        Assert.Equal(sent.ContentType, received.ContentType);
        Assert.Equal(sent.To, received.To);
        Assert.Equal(sent.ReplyTo, received.ReplyTo);
        Assert.Equal(sent.TimeToLive, received.TimeToLive);
        Assert.Equal(sent.ApplicationProperties, received.ApplicationProperties);
        Assert.Equal(
            sent.ApplicationProperties.Select(p => (p.Key, p.Value.GetType())).Order(),
            received.ApplicationProperties.Select(p => (p.Key, p.Value.GetType())).Order());
        Assert.Equal(1, received.DeliveryCount);
        Assert.True(received.SequenceNumber > 0);
        Assert.InRange(received.EnqueuedTime, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.True(received.LockedUntil > received.EnqueuedTime);
        Assert.NotEqual(Guid.Empty, Guid.Parse(received.LockToken));
        await receiver.CompleteMessageAsync(received, Timeout);
    }

    [Fact]
    public async Task SendList_ThenBatch_ReceivedInSendOrderWithIncreasingSequenceNumbers()
    {
        await SendAsync(Enumerable.Range(0, 3).Select(i => new ServiceBusMessage($"list-{i}")).ToArray());
        await using (var sender = Client.CreateSender(Queue))
        {
            using var batch = await sender.CreateMessageBatchAsync(Timeout);
            for (var i = 0; i < 3; i++)
            {
                Assert.True(batch.TryAddMessage(new ServiceBusMessage($"batch-{i}") { ApplicationProperties = { ["index"] = i } }));
            }

            await sender.SendMessagesAsync(batch, Timeout);
        }

        await using var receiver = CreateReceiver();
        var received = await ReceiveAsync(receiver, 6);

        Assert.Equal(
            ["list-0", "list-1", "list-2", "batch-0", "batch-1", "batch-2"],
            received.Select(m => m.Body.ToString()));
        Assert.Equal([0, 1, 2], received.Skip(3).Select(m => (int)m.ApplicationProperties["index"]));
        Assert.Equal(received.Select(m => m.SequenceNumber).Order(), received.Select(m => m.SequenceNumber));
        Assert.Equal(6, received.Select(m => m.SequenceNumber).Distinct().Count());
        await CompleteAllAsync(receiver, received);
    }

    [Fact]
    public async Task ReceiveAndDelete_RemovesTheMessageWithoutALock()
    {
        await SendAsync(new ServiceBusMessage("once"));
        await using var receiver = Client.CreateReceiver(Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var received = await ReceiveOneAsync(receiver);

        Assert.Equal("once", received.Body.ToString());
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Timeout));
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout));
    }

    [Fact]
    public async Task Peek_ReturnsMessagesInOrderWithoutLockingThem()
    {
        await SendAsync(new ServiceBusMessage("first"), new ServiceBusMessage("second"));
        await using var receiver = CreateReceiver();

        var peeked = await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout);
        var received = await ReceiveAsync(receiver, 2);

        Assert.Equal(["first", "second"], peeked.Select(m => m.Body.ToString()));
        Assert.All(peeked, m => Assert.Equal(0, m.DeliveryCount));
        Assert.Equal(peeked.Select(m => m.SequenceNumber), received.Select(m => m.SequenceNumber));
        await CompleteAllAsync(receiver, received);
    }
}
