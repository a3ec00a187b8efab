using System.Net;
using System.Net.Sockets;
using Azure.Messaging.ServiceBus;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Loopback;

/// <summary>A misbehaving peer loses its own link or connection; every other client carries on.</summary>
public sealed class ProtocolErrorTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly byte[] SaslProtocolHeader = "AMQP"u8.ToArray().Concat(new byte[] { 3, 1, 0, 0 }).ToArray();
    readonly TestOutputLogger _logger = new() { Output = output };
    LoopbackBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await LoopbackBroker.StartAsync(new BrokerOptions(), _logger);

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task SenderToAnUnknownQueue_FailsWithEntityNotFound_WhileTheSameClientKeepsWorking()
    {
        await using var client = new ServiceBusClient(_broker.ConnectionString);
        await using var good = client.CreateSender("jobs");
        await good.SendMessageAsync(new ServiceBusMessage("before"));
        await using var bad = client.CreateSender("no-such-queue");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => bad.SendMessageAsync(new ServiceBusMessage("lost")));
        await good.SendMessageAsync(new ServiceBusMessage("after"));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
        Assert.Equal(2, _broker.GetCounters("jobs").Active);
    }

    [Fact]
    public async Task MalformedFrame_ClosesOnlyThatConnection()
    {
        await using var client = new ServiceBusClient(_broker.ConnectionString);
        await using var sender = client.CreateSender("jobs");
        await sender.SendMessageAsync(new ServiceBusMessage("before"));

        using var rogue = new TcpClient();
        await rogue.ConnectAsync(IPAddress.Loopback, _broker.Port);
        var stream = rogue.GetStream();
        await stream.WriteAsync(SaslProtocolHeader);
        await stream.WriteAsync(new byte[] { 0, 0, 0, 16, 2, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xde, 0xad, 0xbe, 0xef });
        var closedByBroker = await ReadUntilClosedAsync(stream);

        await sender.SendMessageAsync(new ServiceBusMessage("after"));
        await using var receiver = client.CreateReceiver("jobs");
        var received = await receiver.ReceiveMessagesAsync(2, TimeSpan.FromSeconds(10));

        Assert.True(closedByBroker);
        Assert.Contains(received, m => m.Body.ToString() == "before");
        Assert.Equal(2, _broker.GetCounters("jobs").Active + _broker.GetCounters("jobs").Locked);
    }

    [Fact]
    public async Task GarbageInsteadOfAProtocolHeader_ClosesOnlyThatConnection()
    {
        await using var client = new ServiceBusClient(_broker.ConnectionString);
        using var rogue = new TcpClient();
        await rogue.ConnectAsync(IPAddress.Loopback, _broker.Port);
        var stream = rogue.GetStream();

        await stream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        var closedByBroker = await ReadUntilClosedAsync(stream);
        await using var sender = client.CreateSender("jobs");
        await sender.SendMessageAsync(new ServiceBusMessage("still fine"));

        Assert.True(closedByBroker);
        Assert.Equal(1, _broker.GetCounters("jobs").Active);
    }

    /// <summary>True once the broker closed the socket; whatever it wrote first (its protocol header, a close frame) is skipped.</summary>
    static async Task<bool> ReadUntilClosedAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
