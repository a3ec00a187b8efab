using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Conformance;

public sealed class VolumeTests(ServiceBusTarget target, ITestOutputHelper output)
    : ConformanceTest(target, output, TestQueues.Bulk)
{
    const int MessageCount = 10_000;

    [Fact]
    public async Task Processor_TenThousandMessages_EachHandledAndCompletedExactlyOnce()
    {
        await SendInBatchesAsync();
        var deliveries = new ConcurrentDictionary<string, int>();
        var errors = new ConcurrentQueue<Exception>();
        var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor(Queue, new ServiceBusProcessorOptions
        {
            PrefetchCount = 0,
            MaxConcurrentCalls = 16,
            AutoCompleteMessages = true,
        });
        processor.ProcessMessageAsync += args =>
        {
            deliveries.AddOrUpdate(args.Message.MessageId, 1, (_, count) => count + 1);
            if (deliveries.Count == MessageCount)
            {
                allSeen.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync(Timeout);
        await allSeen.Task.WaitAsync(Timeout);
        await processor.StopProcessingAsync(Timeout);

        Assert.Empty(errors);
        Assert.Equal(MessageCount, deliveries.Count);
        Assert.All(deliveries, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(Enumerable.Range(0, MessageCount).Select(i => $"message-{i}").Order(), deliveries.Keys.Order());
        await using var receiver = CreateReceiver();
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 0, Timeout));
    }

    async Task SendInBatchesAsync()
    {
        await using var sender = Client.CreateSender(Queue);
        var next = 0;
        while (next < MessageCount)
        {
            using var batch = await sender.CreateMessageBatchAsync(Timeout);
            while (next < MessageCount && batch.TryAddMessage(new ServiceBusMessage($"payload {next}") { MessageId = $"message-{next}" }))
            {
                next++;
            }

            await sender.SendMessagesAsync(batch, Timeout);
        }
    }
}
