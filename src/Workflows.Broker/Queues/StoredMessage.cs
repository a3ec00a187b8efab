using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Workflows.Broker.Amqp;

namespace Workflows.Broker.Queues;

/// <summary>A message held by a queue: its original sections plus the broker's bookkeeping.</summary>
internal sealed class StoredMessage
{
    public StoredMessage(EncodedMessage content, long sequenceNumber, DateTimeOffset enqueuedTime, int size)
    {
        Content = content;
        SequenceNumber = sequenceNumber;
        EnqueuedTime = enqueuedTime;
        Size = size;
        ApplicationPropertiesBytes = content.ApplicationPropertiesBytes;
    }

    public EncodedMessage Content { get; }

    public long SequenceNumber { get; }

    public DateTimeOffset EnqueuedTime { get; }

    public int Size { get; }

    public TimeSpan? TimeToLive => Content.Header.Ttl is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null;

    /// <summary>The original application properties, or the re-encoded ones once dead-letter details were added.</summary>
    public ReadOnlyMemory<byte> ApplicationPropertiesBytes { get; private init; }

    /// <summary>Deliveries so far; AMQP's header carries it and the client adds one on receive.</summary>
    public int DeliveryCount { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>True while the message waits for its scheduled enqueue time.</summary>
    public bool IsScheduled { get; set; }

    public string? DeadLetterSource { get; private init; }

    /// <summary>A copy for the dead-letter queue carrying reason and description as Service Bus does, in application properties.</summary>
    public StoredMessage ToDeadLetter(string source, string? reason, string? description)
    {
        var properties = ApplicationPropertiesBytes.IsEmpty
            ? new ApplicationProperties()
            : DecodeApplicationProperties(ApplicationPropertiesBytes);
        if (reason is not null)
        {
            properties.Map["DeadLetterReason"] = reason;
        }

        if (description is not null)
        {
            properties.Map["DeadLetterErrorDescription"] = description;
        }

        var applicationProperties = Encode(properties);
        var size = Size - ApplicationPropertiesBytes.Length + applicationProperties.Length;
        return new StoredMessage(Content, SequenceNumber, EnqueuedTime, size)
        {
            DeliveryCount = DeliveryCount,
            ApplicationPropertiesBytes = applicationProperties,
            DeadLetterSource = DeadLetterSource ?? source,
        };
    }

    static ApplicationProperties DecodeApplicationProperties(ReadOnlyMemory<byte> bytes)
    {
        var array = bytes.ToArray();
        using var buffer = new ByteBuffer(array, 0, array.Length);
        return AmqpCodec.DecodeKnownType<ApplicationProperties>(buffer);
    }

    static byte[] Encode(ApplicationProperties properties)
    {
        using var buffer = new ByteBuffer(AmqpCodec.GetSerializableEncodeSize(properties), autoGrow: true);
        AmqpCodec.EncodeSerializable(properties, buffer);
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }
}
