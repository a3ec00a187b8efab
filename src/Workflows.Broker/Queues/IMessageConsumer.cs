namespace Workflows.Broker.Queues;

/// <summary>A receiver attached to a queue; the queue spends its credit and hands it deliveries.</summary>
internal interface IMessageConsumer
{
    /// <summary>Messages the receiver asked for and has not been given yet; changed only under the queue's lock.</summary>
    int Credit { get; set; }

    /// <summary>True when messages are settled on send (receive-and-delete) instead of locked.</summary>
    bool ReceiveAndDelete { get; }

    /// <summary>Queues a delivery; called under the queue's lock in hand-out order, so it must not block.</summary>
    void Enqueue(OutgoingDelivery delivery);

    /// <summary>Transfers the queued deliveries in order; called after the queue's lock is released.</summary>
    void Flush();
}

/// <summary>What a consumer must transfer: the message as of its handing out, and its lock if peek-locked.</summary>
internal readonly record struct OutgoingDelivery(
    StoredMessage Message,
    Guid LockToken,
    int PriorDeliveries,
    DateTimeOffset? LockedUntil);
