namespace Workflows.Broker.Queues;

/// <summary>A peek-lock held by one receiver on one message until <see cref="LockedUntil"/>.</summary>
internal sealed class MessageLock(StoredMessage message, DateTimeOffset lockedUntil)
{
    public StoredMessage Message { get; } = message;

    public DateTimeOffset LockedUntil { get; set; } = lockedUntil;
}
