using System.Net;
using System.Net.Sockets;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Loopback;

/// <summary>The broker itself: binding, options, counters, its log and short windows. These always run against a broker of their own.</summary>
public sealed class LoopbackBrokerTests(ITestOutputHelper output)
{
    readonly TestOutputLogger _logger = new() { Output = output };

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    [InlineData("example.com")]
    public async Task StartAsync_NonLoopbackHost_IsRefused(string host)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LoopbackBroker.StartAsync(new BrokerOptions { Host = host }, _logger));

        Assert.Contains(error.Failures, f => f.Contains("Host") && f.Contains(host));
    }

    [Fact]
    public async Task StartAsync_InvalidQueues_NamesEveryBadField()
    {
        var options = new BrokerOptions
        {
            Queues =
            [
                new QueueOptions { Name = "jobs", LockDuration = TimeSpan.Zero },
                new QueueOptions { Name = "JOBS", MaxDeliveryCount = 0, DuplicateDetectionWindow = TimeSpan.FromSeconds(-1) },
            ],
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LoopbackBroker.StartAsync(options, _logger));

        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Queues[0].LockDuration", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Queues[1].Name", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Queues[1].MaxDeliveryCount", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Queues[1].DuplicateDetectionWindow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_PortZero_ListensOnAFreeLoopbackPortOnly()
    {
        await using var broker = await LoopbackBroker.StartAsync(new BrokerOptions(), _logger);

        Assert.InRange(broker.Port, 1, IPEndPoint.MaxPort);
        Assert.Equal(["jobs"], broker.QueueNames);
        Assert.Contains($"sb://127.0.0.1:{broker.Port};", broker.ConnectionString);
        using var loopback = new TcpClient();
        await loopback.ConnectAsync(IPAddress.Loopback, broker.Port);
        Assert.True(loopback.Connected);
        foreach (var other in LocalAddressesOtherThan127001())
        {
            using var client = new TcpClient(other.AddressFamily);
            await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(other, broker.Port));
        }
    }

    [Fact]
    public async Task StopAsync_ClosesTheListener()
    {
        var broker = await LoopbackBroker.StartAsync(new BrokerOptions(), _logger);
        var port = broker.Port;

        await broker.DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Counters_FollowActiveLockedScheduledAndDeadLetteredMessages()
    {
        await using var broker = await LoopbackBroker.StartAsync(new BrokerOptions(), _logger);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("jobs");
        await sender.SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b"), new ServiceBusMessage("c")]);
        await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddMinutes(10));
        await using var receiver = client.CreateReceiver("jobs");

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(first);
        var whileLocked = broker.GetCounters("jobs");
        await receiver.DeadLetterMessageAsync(first, "Broken");
        var afterDeadLetter = broker.GetCounters("jobs");

        Assert.Equal((2, 1, 1, 0), (whileLocked.Active, whileLocked.Locked, whileLocked.Scheduled, whileLocked.DeadLettered));
        Assert.Equal((2, 0, 1, 1), (afterDeadLetter.Active, afterDeadLetter.Locked, afterDeadLetter.Scheduled, afterDeadLetter.DeadLettered));
        Assert.Equal(4, afterDeadLetter.Received);
        Assert.Contains("jobs(active=2, locked=0, scheduled=1, dead-lettered=1", broker.DescribeHealth());
    }

    [Fact]
    public async Task Counters_DeadLetteringCountsTheAddedReasonBytes_AndSettlingEverythingReturnsToZero()
    {
        await using var broker = await LoopbackBroker.StartAsync(new BrokerOptions(), _logger);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("jobs");
        await using var receiver = client.CreateReceiver("jobs");

        await sender.SendMessageAsync(new ServiceBusMessage("same") { MessageId = "a" });
        await receiver.DeadLetterMessageAsync((await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!, "R", "D");
        var afterFirst = broker.GetCounters("jobs").SizeBytes;
        await sender.SendMessageAsync(new ServiceBusMessage("same") { MessageId = "b" });
        await receiver.DeadLetterMessageAsync((await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)))!, "RRRRR", "D");
        var afterSecond = broker.GetCounters("jobs").SizeBytes;
        await using var deadLetters = client.CreateReceiver("jobs", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        foreach (var deadLettered in await deadLetters.ReceiveMessagesAsync(2, TimeSpan.FromSeconds(10)))
        {
            await deadLetters.CompleteMessageAsync(deadLettered);
        }

        // Same-sized messages; the second reason is four characters longer.
        Assert.Equal(2 * afterFirst + 4, afterSecond);
        Assert.Equal(0, broker.GetCounters("jobs").SizeBytes);
    }

    [Fact]
    public async Task Counters_AreLoggedEveryInterval()
    {
        var options = new BrokerOptions { CountersLogInterval = TimeSpan.FromMilliseconds(200) };
        await using var broker = await LoopbackBroker.StartAsync(options, _logger);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("jobs");
        await sender.SendMessageAsync(new ServiceBusMessage("counted"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var size = broker.GetCounters("jobs").SizeBytes;
        var expected = (3002, $"Queue counters jobs(active=1, locked=0, scheduled=0, dead-lettered=0, bytes={size}, received=1, completed=0, duplicates=0)");
        while (_logger.Entries.Count(e => e == expected) < 2)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }

        Assert.InRange(size, 1, 1_000);
    }

    [Fact]
    public async Task DuplicateDetection_AfterTheWindowHasPassed_AcceptsTheSameMessageIdAgain()
    {
        var window = TimeSpan.FromSeconds(1);
        var options = new BrokerOptions { Queues = [new QueueOptions { Name = "dedup", DuplicateDetectionWindow = window }] };
        await using var broker = await LoopbackBroker.StartAsync(options, _logger);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("dedup");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "job-1" });
        await sender.SendMessageAsync(new ServiceBusMessage("duplicate") { MessageId = "job-1" });
        await Task.Delay(window + TimeSpan.FromMilliseconds(500));
        await sender.SendMessageAsync(new ServiceBusMessage("after the window") { MessageId = "job-1" });
        await using var receiver = client.CreateReceiver("dedup", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = await receiver.ReceiveExactlyAsync(2, CancellationToken.None);

        Assert.Equal(["first", "after the window"], received.Select(m => m.Body.ToString()));
        Assert.Equal((2, 1), (broker.GetCounters("dedup").Received, broker.GetCounters("dedup").DuplicatesDropped));
    }

    [Fact]
    public async Task Send_BeyondTheQueueSize_FailsWithQuotaExceededAndKeepsTheQueue()
    {
        var options = new BrokerOptions { Queues = [new QueueOptions { Name = "small", MaxSizeBytes = 2_000 }] };
        await using var broker = await LoopbackBroker.StartAsync(options, _logger);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("small");
        await sender.SendMessageAsync(new ServiceBusMessage(new byte[1_000]));

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(new byte[1_500])));

        Assert.Equal(ServiceBusFailureReason.QuotaExceeded, error.Reason);
        Assert.Equal(1, broker.GetCounters("small").Active);
    }

    /// <summary>Every address of the machine's interfaces and the IPv6 loopback; the broker may accept on none of them.</summary>
    static IEnumerable<IPAddress> LocalAddressesOtherThan127001() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !a.Equals(IPAddress.Loopback) && !a.IsIPv6LinkLocal)
            .Append(IPAddress.IPv6Loopback)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || Socket.OSSupportsIPv6)
            .Distinct();
}
