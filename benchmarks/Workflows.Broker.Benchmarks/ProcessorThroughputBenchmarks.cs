using Azure.Messaging.ServiceBus;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;

namespace Workflows.Broker.Benchmarks;

/// <summary>
/// Messages per second through a <see cref="ServiceBusProcessor"/> against the loopback broker, without prefetch
/// (how GPU workers run) and with it. Each operation is one message received, handled and completed; the
/// "Op/s" column is the throughput.
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10, invocationCount: 1)]
public class ProcessorThroughputBenchmarks
{
    const int MessagesPerIteration = 2_000;
    const string Queue = "bench";

    LoopbackBroker _broker = null!;
    ServiceBusClient _client = null!;

    [Params(0, 50)]
    public int PrefetchCount { get; set; }

    [Params(1, 8)]
    public int MaxConcurrentCalls { get; set; }

    [GlobalSetup]
    public async Task StartBrokerAsync()
    {
        _broker = await LoopbackBroker.StartAsync(new BrokerOptions { Queues = [new QueueOptions { Name = Queue }] });
        _client = new ServiceBusClient(_broker.ConnectionString);
    }

    [GlobalCleanup]
    public async Task StopBrokerAsync()
    {
        await _client.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [IterationSetup]
    public void FillQueue() => FillQueueAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = MessagesPerIteration)]
    public async Task ReceiveAndCompleteAsync()
    {
        var handled = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = _client.CreateProcessor(Queue, new ServiceBusProcessorOptions
        {
            PrefetchCount = PrefetchCount,
            MaxConcurrentCalls = MaxConcurrentCalls,
        });
        processor.ProcessMessageAsync += _ =>
        {
            if (Interlocked.Increment(ref handled) == MessagesPerIteration)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += args =>
        {
            done.TrySetException(args.Exception);
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync();
        await done.Task;
        await processor.StopProcessingAsync();
    }

    async Task FillQueueAsync()
    {
        await using var sender = _client.CreateSender(Queue);
        var sent = 0;
        while (sent < MessagesPerIteration)
        {
            using var batch = await sender.CreateMessageBatchAsync();
            while (sent < MessagesPerIteration && batch.TryAddMessage(new ServiceBusMessage(new byte[256])))
            {
                sent++;
            }

            await sender.SendMessagesAsync(batch);
        }
    }

    sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
