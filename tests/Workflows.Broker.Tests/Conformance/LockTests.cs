using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Conformance;

public sealed class LockTests(ServiceBusTarget target, ITestOutputHelper output)
    : ConformanceTest(target, output, TestQueues.Basic)
{
    [Fact]
    public async Task RenewMessageLock_ExtendsTheLockPastItsFirstExpiry()
    {
        await SendAsync(new ServiceBusMessage("long job"));
        await using var receiver = CreateReceiver();
        var message = await ReceiveOneAsync(receiver);
        var firstLockedUntil = message.LockedUntil;

        await Task.Delay(Target.LockDuration / 2, Timeout);
        await receiver.RenewMessageLockAsync(message, Timeout);
        Assert.True(message.LockedUntil > firstLockedUntil);
        await Task.Delay(firstLockedUntil - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300), Timeout);

        await receiver.CompleteMessageAsync(message, Timeout);
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout));
    }

    [Fact]
    public async Task LockExpiry_AfterTheReceiverDied_RedeliversWithDeliveryCountTwo()
    {
        await SendAsync(new ServiceBusMessage("crash") { MessageId = "job-crash" });
        await using (var dying = CreateReceiver())
        {
            Assert.Equal(1, (await ReceiveOneAsync(dying)).DeliveryCount);
        }

        await using var processor = Client.CreateProcessor(Queue, new ServiceBusProcessorOptions { PrefetchCount = 0, AutoCompleteMessages = false });
        var redelivered = new TaskCompletionSource<ServiceBusReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        processor.ProcessMessageAsync += async args =>
        {
            await args.CompleteMessageAsync(args.Message, args.CancellationToken);
            redelivered.TrySetResult(args.Message);
        };
        processor.ProcessErrorAsync += args =>
        {
            redelivered.TrySetException(args.Exception);
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync(Timeout);

        var message = await redelivered.Task.WaitAsync(Target.LockDuration * 3 + TimeSpan.FromSeconds(10), Timeout);
        await processor.StopProcessingAsync(Timeout);

        Assert.Equal("job-crash", message.MessageId);
        Assert.Equal(2, message.DeliveryCount);
    }

    [Fact]
    public async Task LockExpiry_UpToMaxDeliveryCount_MovesTheMessageToTheDeadLetterQueueWithTheStandardReason()
    {
        await SendAsync(new ServiceBusMessage("hangs the worker") { MessageId = "job-hang" });
        await using var receiver = CreateReceiver();
        var deliveryCounts = new List<int>();
        for (var delivery = 1; delivery <= Target.MaxDeliveryCount; delivery++)
        {
            // Never settled: each lock runs out and the next receive gets the message again.
            deliveryCounts.Add((await ReceiveOneAsync(receiver, maxWait: Target.LockDuration + TimeSpan.FromSeconds(10))).DeliveryCount);
        }

        await using var deadLetters = CreateReceiver(SubQueue.DeadLetter);
        var deadLettered = await ReceiveOneAsync(deadLetters, maxWait: Target.LockDuration + TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(1, Target.MaxDeliveryCount), deliveryCounts);
        Assert.Equal("job-hang", deadLettered.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", deadLettered.DeadLetterReason);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Timeout));
        await deadLetters.CompleteMessageAsync(deadLettered, Timeout);
    }

    [Fact]
    public async Task Processor_HandlerLongerThanTheLock_KeepsItByAutoRenewalAndCompletesOnce()
    {
        await SendAsync(new ServiceBusMessage("train") { MessageId = "job-long" });
        var errors = new ConcurrentQueue<Exception>();
        var deliveries = new ConcurrentQueue<ServiceBusReceivedMessage>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor(Queue, new ServiceBusProcessorOptions
        {
            PrefetchCount = 0,
            AutoCompleteMessages = false,
            MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(5),
        });
        processor.ProcessMessageAsync += async args =>
        {
            deliveries.Enqueue(args.Message);
            await Task.Delay(Target.LockDuration * 2.5, args.CancellationToken);
            await args.CompleteMessageAsync(args.Message, args.CancellationToken);
            completed.TrySetResult();
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync(Timeout);
        await completed.Task.WaitAsync(Target.LockDuration * 5 + TimeSpan.FromSeconds(10), Timeout);
        await processor.StopProcessingAsync(Timeout);

        Assert.Empty(errors);
        var delivery = Assert.Single(deliveries);
        Assert.Equal(1, delivery.DeliveryCount);
        await using var receiver = CreateReceiver();
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout));
    }
}
