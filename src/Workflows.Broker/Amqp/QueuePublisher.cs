using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Extensions.Logging;
using Workflows.Broker.Queues;

namespace Workflows.Broker.Amqp;

/// <summary>A client's send link on a queue: single messages and batches, each batch accepted whole or refused whole.</summary>
internal sealed class QueuePublisher
{
    readonly ReceivingAmqpLink _link;
    readonly BrokerQueue _queue;
    readonly ILogger _logger;

    QueuePublisher(ReceivingAmqpLink link, BrokerQueue queue, ILogger logger)
    {
        _link = link;
        _queue = queue;
        _logger = logger;
    }

    public static void Attach(ReceivingAmqpLink link, BrokerQueue queue, ILogger logger) =>
        link.RegisterMessageListener(new QueuePublisher(link, queue, logger).OnMessage);

    void OnMessage(AmqpMessage message)
    {
        using (message)
        {
            _link.DisposeMessage(message, Enqueue(message), settled: true, batchable: message.Batchable);
        }
    }

    Outcome Enqueue(AmqpMessage message)
    {
        List<IncomingMessage> incoming;
        try
        {
            var payload = ReadPayload(message);
            var encodedMessages = message.MessageFormat == AmqpConstants.AmqpBatchedMessageFormat
                ? EncodedMessage.SplitBatch(payload)
                : [payload];
            incoming = encodedMessages.Select(IncomingMessage.Parse).ToList();
        }
        catch (FormatException error)
        {
            Log.MalformedMessage(_logger, _queue.Name, error);
            return ServiceBusErrors.Rejected(AmqpErrorCode.DecodeError, error.Message);
        }

        if (_queue.TryEnqueue(incoming, out _))
        {
            return AmqpConstants.AcceptedOutcome;
        }

        Log.QuotaExceeded(_logger, _queue.Name, incoming.Count);
        return ServiceBusErrors.Rejected(AmqpErrorCode.ResourceLimitExceeded, $"The queue '{_queue.Name}' has reached its maximum size.");
    }

    static ReadOnlyMemory<byte> ReadPayload(AmqpMessage message)
    {
        using var stream = message.ToStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
