using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Workflows.Broker.Queues;

namespace Workflows.Broker.Amqp;

/// <summary>
/// A client's receive link on a queue or dead-letter queue. The delivery tag is the lock token; the client settles
/// with Accepted (complete), Modified (abandon) or Rejected (dead-letter).
/// </summary>
internal sealed class QueueConsumer : IMessageConsumer
{
    const string DeadLetterReasonKey = "DeadLetterReason";
    const string DeadLetterDescriptionKey = "DeadLetterErrorDescription";

    readonly SendingAmqpLink _link;
    readonly BrokerQueue _queue;
    readonly SubQueue _subQueue;
    readonly ConcurrentQueue<OutgoingDelivery> _outbox = new();
    readonly object _sending = new();

    QueueConsumer(SendingAmqpLink link, BrokerQueue queue, SubQueue subQueue)
    {
        _link = link;
        _queue = queue;
        _subQueue = subQueue;
        ReceiveAndDelete = link.Settings.SettleType == SettleMode.SettleOnSend;
    }

    public int Credit { get; set; }

    public bool ReceiveAndDelete { get; }

    public static void Attach(SendingAmqpLink link, BrokerQueue queue, SubQueue subQueue)
    {
        var consumer = new QueueConsumer(link, queue, subQueue);
        queue.Attach(subQueue, consumer);
        link.SafeAddClosed((_, _) => queue.Detach(subQueue, consumer));
        link.RegisterCreditListener(consumer.OnCredit);
        link.RegisterDispositionListener(consumer.OnDisposition);
    }

    public void Enqueue(OutgoingDelivery delivery) => _outbox.Enqueue(delivery);

    public void Flush()
    {
        lock (_sending)
        {
            while (_outbox.TryDequeue(out var delivery))
            {
                Send(delivery);
            }
        }
    }

    void Send(OutgoingDelivery delivery)
    {
        try
        {
            _link.SendMessageNoWait(
                MessageEncoder.ToDelivery(delivery),
                new ArraySegment<byte>(delivery.LockToken.ToByteArray()),
                AmqpConstants.NullBinary);
        }
        catch (Exception error) when (error is AmqpException or ObjectDisposedException or InvalidOperationException)
        {
            // The link closed while the message was handed out: like a lost transfer, the lock expires and the
            // message is redelivered (a receive-and-delete message is lost, as with Service Bus).
        }
    }

    void OnCredit(uint credit, bool drain, ArraySegment<byte> transactionId) =>
        _queue.AddCredit(_subQueue, this, (int)Math.Min(credit, int.MaxValue), drain);

    void OnDisposition(Delivery delivery)
    {
        var outcome = ToSettlement(delivery.State) is { } settlement
            ? Settle(new Guid(delivery.DeliveryTag), settlement)
            : ServiceBusErrors.Rejected(AmqpErrorCode.NotImplemented, "The loopback broker supports complete, abandon and dead-letter, not deferral.");
        _link.DisposeDelivery(delivery, settled: true, outcome);
    }

    Outcome Settle(Guid lockToken, Settlement settlement) =>
        _queue.Settle(_subQueue, lockToken, settlement) == SettlementResult.Settled
            ? AmqpConstants.AcceptedOutcome
            : ServiceBusErrors.Rejected(ServiceBusErrors.MessageLockLost, "The lock on the message was lost or has expired.");

    static Settlement? ToSettlement(DeliveryState state) => state switch
    {
        Accepted => Settlement.Complete,
        Modified { UndeliverableHere: true } => null,
        Modified or Released => Settlement.Abandon,
        Rejected rejected => Settlement.DeadLetter(
            InfoValue(rejected, DeadLetterReasonKey),
            InfoValue(rejected, DeadLetterDescriptionKey)),
        _ => null,
    };

    static string? InfoValue(Rejected rejected, string key) =>
        rejected.Error?.Info is { } info && info.TryGetValue<string>(key, out var value) ? value : null;
}
