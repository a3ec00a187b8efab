using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Workflows.Broker.Queues;

namespace Workflows.Broker.Amqp;

/// <summary>
/// Writes a stored message as Service Bus delivers it: a fresh header carrying the delivery count, the sender's
/// annotations plus the broker's, then the sender's properties, application properties and body verbatim.
/// </summary>
internal static class MessageEncoder
{
    const string SequenceNumberAnnotation = "x-opt-sequence-number";
    const string EnqueuedTimeAnnotation = "x-opt-enqueued-time";
    const string LockedUntilAnnotation = "x-opt-locked-until";
    const string DeadLetterSourceAnnotation = "x-opt-deadletter-source";
    const string MessageStateAnnotation = "x-opt-message-state";
    const int ActiveState = 0;
    const int ScheduledState = 2;

    public static AmqpMessage ToDelivery(OutgoingDelivery delivery) =>
        AmqpMessage.CreateOutputMessage(
            new BufferListStream([Encode(delivery.Message, delivery.PriorDeliveries, delivery.LockedUntil)]),
            ownStream: true);

    /// <summary>The bytes a peek returns: no lock, and the delivery count as it stands.</summary>
    public static ArraySegment<byte> ForPeek(StoredMessage message) => Encode(message, message.DeliveryCount, lockedUntil: null);

    static ArraySegment<byte> Encode(StoredMessage message, int priorDeliveries, DateTimeOffset? lockedUntil)
    {
        var sent = message.Content.Header;
        var header = new Header
        {
            Durable = sent.Durable,
            Priority = sent.Priority,
            Ttl = sent.Ttl,
            FirstAcquirer = sent.FirstAcquirer,
            DeliveryCount = (uint)priorDeliveries,
        };
        var annotations = new MessageAnnotations();
        if (message.Content.Annotations is { } sentAnnotations)
        {
            annotations.Map.Merge(sentAnnotations.Map);
        }

        annotations.Map[SequenceNumberAnnotation] = message.SequenceNumber;
        annotations.Map[EnqueuedTimeAnnotation] = message.EnqueuedTime.UtcDateTime;
        annotations.Map[MessageStateAnnotation] = message.IsScheduled ? ScheduledState : ActiveState;
        if (lockedUntil is { } until)
        {
            annotations.Map[LockedUntilAnnotation] = until.UtcDateTime;
        }

        if (message.DeadLetterSource is { } source)
        {
            annotations.Map[DeadLetterSourceAnnotation] = source;
        }

        using var head = new ByteBuffer(
            AmqpCodec.GetSerializableEncodeSize(header) + AmqpCodec.GetSerializableEncodeSize(annotations),
            autoGrow: true);
        AmqpCodec.EncodeSerializable(header, head);
        AmqpCodec.EncodeSerializable(annotations, head);

        var content = message.Content;
        var bytes = new byte[head.Length + content.PropertiesBytes.Length + message.ApplicationPropertiesBytes.Length + content.BodyBytes.Length];
        var destination = bytes.AsSpan();
        head.Buffer.AsSpan(head.Offset, head.Length).CopyTo(destination);
        destination = destination[head.Length..];
        foreach (var section in (ReadOnlyMemory<byte>[])[content.PropertiesBytes, message.ApplicationPropertiesBytes, content.BodyBytes])
        {
            section.Span.CopyTo(destination);
            destination = destination[section.Length..];
        }

        return new ArraySegment<byte>(bytes);
    }
}
