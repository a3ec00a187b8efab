using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Workflows.Broker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Loopback;

/// <summary>A misbehaving peer loses its own link or connection; every other client carries on.</summary>
public sealed class ProtocolErrorTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A well-sized AMQP frame on channel 0 whose body is no performative: 0xde is no AMQP format code.</summary>
    static readonly byte[] GarbageFrame = [0, 0, 0, 12, 2, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef];

    readonly TestOutputLogger _logger = new() { Output = output };
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    LoopbackBroker _broker = null!;
    ServiceBusClient _client = null!;

    CancellationToken Timeout => _timeout.Token;

    public async Task InitializeAsync()
    {
        _broker = await LoopbackBroker.StartAsync(new BrokerOptions(), _logger);
        _client = new ServiceBusClient(_broker.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _broker.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task SenderToAnUnknownQueue_FailsWithEntityNotFound_WhileTheSameClientKeepsWorking()
    {
        await using var good = _client.CreateSender("jobs");
        await good.SendMessageAsync(new ServiceBusMessage("before"), Timeout);
        await using var bad = _client.CreateSender("no-such-queue");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => bad.SendMessageAsync(new ServiceBusMessage("lost"), Timeout));
        await good.SendMessageAsync(new ServiceBusMessage("after"), Timeout);

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
        Assert.Equal(2, _broker.GetCounters("jobs").Active);
    }

    [Fact]
    public async Task ReceiverAndManagementLinkToAnUnknownQueue_FailWithEntityNotFound_WhileTheSameClientKeepsWorking()
    {
        await using var sender = _client.CreateSender("jobs");
        await sender.SendMessageAsync(new ServiceBusMessage("first"), Timeout);
        await using var good = _client.CreateReceiver("jobs");
        var first = await good.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Timeout);
        await using var bad = _client.CreateReceiver("no-such-queue");

        var receiveError = await Assert.ThrowsAsync<ServiceBusException>(() => bad.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Timeout));
        var peekError = await Assert.ThrowsAsync<ServiceBusException>(() => bad.PeekMessageAsync(cancellationToken: Timeout));
        await sender.SendMessageAsync(new ServiceBusMessage("second"), Timeout);
        await good.RenewMessageLockAsync(first, Timeout);
        await good.CompleteMessageAsync(first, Timeout);
        var second = await good.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Timeout);

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, receiveError.Reason);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, peekError.Reason);
        Assert.Equal("first", first?.Body.ToString());
        Assert.Equal("second", second?.Body.ToString());
    }

    [Fact]
    public async Task MalformedFrame_AfterOpen_ClosesThatConnectionWithInvalidField_WhileAnotherClientKeepsWorking()
    {
        await using var sender = _client.CreateSender("jobs");
        await using var receiver = _client.CreateReceiver("jobs");
        await sender.SendMessageAsync(new ServiceBusMessage("before"), Timeout);
        using var rogue = await RawAmqpPeer.ConnectAsync(_broker.Port, Timeout);
        await rogue.OpenAsync();

        await rogue.WriteAsync(GarbageFrame);
        var close = Assert.IsType<Close>(await rogue.ReadFrameAsync());
        await rogue.WriteFrameAsync(FrameType.Amqp, new Close());
        var afterClose = await rogue.ReadToEndAsync();
        await sender.SendMessageAsync(new ServiceBusMessage("after"), Timeout);
        var received = await receiver.ReceiveExactlyAsync(2, Timeout);

        Assert.Equal(AmqpErrorCode.InvalidField, close.Error?.Condition);
        Assert.Empty(afterClose);
        Assert.Equal(["before", "after"], received.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task MalformedFrame_DuringSasl_FailsTheHandshakeAndClosesOnlyThatConnection()
    {
        await using var sender = _client.CreateSender("jobs");
        await sender.SendMessageAsync(new ServiceBusMessage("before"), Timeout);
        using var rogue = await RawAmqpPeer.ConnectAsync(_broker.Port, Timeout);
        await rogue.StartSaslAsync();

        await rogue.WriteAsync(GarbageFrame);
        var outcome = Assert.IsType<SaslOutcome>(await rogue.ReadFrameAsync());
        var afterOutcome = await rogue.ReadToEndAsync();
        await sender.SendMessageAsync(new ServiceBusMessage("after"), Timeout);

        Assert.Equal(SaslCode.Sys, outcome.OutcomeCode);
        Assert.Empty(afterOutcome);
        Assert.Equal(2, _broker.GetCounters("jobs").Active);
    }

    [Fact]
    public async Task GarbageInsteadOfAProtocolHeader_ClosesOnlyThatConnection()
    {
        using var rogue = await RawAmqpPeer.ConnectAsync(_broker.Port, Timeout);

        await rogue.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        var answer = await rogue.ReadToEndAsync();
        await using var sender = _client.CreateSender("jobs");
        await sender.SendMessageAsync(new ServiceBusMessage("still fine"), Timeout);

        Assert.Empty(answer);
        Assert.Equal(1, _broker.GetCounters("jobs").Active);
    }

    [Fact]
    public async Task UndecodableMessage_OnAValidSenderLink_IsRejectedWithDecodeError_AndTheLinkAndOtherClientsKeepWorking()
    {
        await using var sender = _client.CreateSender("jobs");
        await using var receiver = _client.CreateReceiver("jobs");
        var connection = await OpenConnectionAsync();
        try
        {
            var link = await OpenLinkAsync<SendingAmqpLink>(connection, role: false, source: "raw-sender", target: "jobs");

            // A batch whose one data section should hold an encoded message but holds an amqp-value section
            // (descriptor 0x77) with 0xff, which is no AMQP format code.
            var garbage = AmqpMessage.Create(new Data { Value = new ArraySegment<byte>([0x00, 0x53, 0x77, 0xff]) });
            garbage.MessageFormat = AmqpConstants.AmqpBatchedMessageFormat;
            var rejected = await link.SendMessageAsync(garbage, Tag(), AmqpConstants.NullBinary, Timeout);
            await sender.SendMessageAsync(new ServiceBusMessage("from the real client"), Timeout);
            var accepted = await link.SendMessageAsync(AmqpMessage.Create(new Data { Value = new ArraySegment<byte>("from the raw link"u8.ToArray()) }), Tag(), AmqpConstants.NullBinary, Timeout);
            var received = await receiver.ReceiveExactlyAsync(2, Timeout);

            Assert.Equal(AmqpErrorCode.DecodeError, Assert.IsType<Rejected>(rejected).Error.Condition);
            Assert.IsType<Accepted>(accepted);
            Assert.Equal(["from the real client", "from the raw link"], received.Select(m => m.Body.ToString()));
        }
        finally
        {
            await connection.CloseAsync(Timeout);
        }
    }

    [Fact]
    public async Task Drain_WithNothingToSend_IsAnsweredWithCreditZero_AndLaterMessagesGoToOtherReceivers()
    {
        var connection = await OpenConnectionAsync();
        try
        {
            var link = await OpenLinkAsync<ReceivingAmqpLink>(connection, role: true, source: "jobs", target: "raw-receiver");
            link.IssueCredit(5, drain: false, AmqpConstants.NullBinary);

            await link.DrainAsyc(Timeout);
            await using var sender = _client.CreateSender("jobs");
            await sender.SendMessageAsync(new ServiceBusMessage("after the drain"), Timeout);
            await using var receiver = _client.CreateReceiver("jobs");
            var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Timeout);

            Assert.Equal(0u, link.LinkCredit);
            Assert.Equal("after the drain", received?.Body.ToString());
            Assert.Equal(1, received?.DeliveryCount);
        }
        finally
        {
            await connection.CloseAsync(Timeout);
        }
    }

    Task<AmqpConnection> OpenConnectionAsync() =>
        new AmqpConnectionFactory().OpenConnectionAsync(new Uri($"amqp://127.0.0.1:{_broker.Port}"), new SaslAnonymousHandler(), TimeSpan.FromSeconds(10));

    static ArraySegment<byte> Tag() => new(Guid.NewGuid().ToByteArray());

    async Task<TLink> OpenLinkAsync<TLink>(AmqpConnection connection, bool role, string source, string target)
        where TLink : AmqpLink
    {
        var session = connection.CreateSession(new AmqpSessionSettings());
        await session.OpenAsync(Timeout);
        var settings = new AmqpLinkSettings
        {
            LinkName = $"raw-{Guid.NewGuid():N}",
            Role = role,
            Source = new Source { Address = source },
            Target = new Target { Address = target },
            SettleType = SettleMode.SettleOnDispose,
            TotalLinkCredit = 0,
            AutoSendFlow = false,
        };
        AmqpLink link = role ? new ReceivingAmqpLink(session, settings) : new SendingAmqpLink(session, settings);
        await link.OpenAsync(Timeout);
        return (TLink)link;
    }
}
