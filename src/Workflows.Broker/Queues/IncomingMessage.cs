using Workflows.Broker.Amqp;

namespace Workflows.Broker.Queues;

/// <summary>A message as a sender transferred it, before the queue assigns a sequence number.</summary>
internal sealed record IncomingMessage(EncodedMessage Content, int Size)
{
    const string ScheduledEnqueueTimeAnnotation = "x-opt-scheduled-enqueue-time";

    public static IncomingMessage Parse(ReadOnlyMemory<byte> bytes) => new(EncodedMessage.Parse(bytes), bytes.Length);

    public string? MessageId => Content.Properties?.MessageId?.ToString();

    public DateTimeOffset? ScheduledEnqueueTime =>
        Content.Annotations?.Map[ScheduledEnqueueTimeAnnotation] is DateTime scheduled
            ? new DateTimeOffset(DateTime.SpecifyKind(scheduled, DateTimeKind.Utc))
            : null;
}
