using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transport;
using Microsoft.Extensions.Logging;
using Workflows.Broker.Queues;

namespace Workflows.Broker.Amqp;

/// <summary>
/// The server side of Microsoft.Azure.Amqp: creates sessions and links for a connection and attaches each link to
/// the queue, dead-letter queue, management node or CBS node its address names. A link to anything else is
/// refused with <c>amqp:not-found</c>, which closes only that link.
/// </summary>
internal sealed class LinkRouter(
    IReadOnlyDictionary<string, BrokerQueue> queues,
    ulong maxMessageSize,
    ILogger logger) : IRuntimeProvider
{
    const uint RequestLinkCredit = 100;
    const uint PublisherLinkCredit = 500;

    readonly ReplyRoutes _replies = new();
    readonly CbsHandler _cbs = new();

    public AmqpConnection CreateConnection(
        TransportBase transport,
        ProtocolHeader protocolHeader,
        bool isInitiator,
        AmqpSettings amqpSettings,
        AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, isInitiator, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        if (settings.Role != true)
        {
            return new SendingAmqpLink(session, settings);
        }

        settings.MaxMessageSize = maxMessageSize;
        settings.TotalLinkCredit = IsRequestNode(TargetAddress(settings)) ? RequestLinkCredit : PublisherLinkCredit;
        settings.AutoSendFlow = true;
        return new ReceivingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        Attach(link);
        return new CompletedResult(callback, state);
    }

    public void EndOpenLink(IAsyncResult result)
    {
    }

    static bool IsRequestNode(string? address) => EntityAddress.Parse(address) is { } parsed && (parsed.IsCbs || parsed.IsManagement);

    static string? TargetAddress(AmqpLinkSettings settings) => (settings.Target as Target)?.Address?.ToString();

    static string? SourceAddress(AmqpLinkSettings settings) => (settings.Source as Source)?.Address?.ToString();

    void Attach(AmqpLink link)
    {
        // The link's role is the broker's: a receiving link is the client's sender.
        var text = link.IsReceiver ? TargetAddress(link.Settings) : SourceAddress(link.Settings);
        var address = EntityAddress.Parse(text);
        if (address is null)
        {
            throw Refuse(link, text, AmqpErrorCode.NotFound, $"The messaging entity '{text}' could not be found.");
        }
        else if (address.IsCbs)
        {
            AttachRequestNode(link, _cbs);
        }
        else if (!queues.TryGetValue(address.QueueName!, out var queue))
        {
            throw Refuse(link, text, AmqpErrorCode.NotFound, $"The messaging entity '{address.QueueName}' could not be found.");
        }
        else
        {
            var subQueue = address.IsDeadLetter ? queue.DeadLetter : queue.Main;
            if (address.IsManagement)
            {
                AttachRequestNode(link, new ManagementHandler(queue, subQueue, logger));
            }
            else if (link is SendingAmqpLink consumerLink)
            {
                QueueConsumer.Attach(consumerLink, queue, subQueue);
            }
            else if (address.IsDeadLetter)
            {
                throw Refuse(link, text, AmqpErrorCode.NotAllowed, "Messages cannot be sent to a dead-letter queue.");
            }
            else
            {
                QueuePublisher.Attach((ReceivingAmqpLink)link, queue, logger);
            }
        }

        Log.LinkAttached(logger, link.Name, text, link.IsReceiver ? "sender" : "receiver");
    }

    void AttachRequestNode(AmqpLink link, IRequestHandler handler)
    {
        if (link is ReceivingAmqpLink requests)
        {
            RequestNode.Attach(requests, handler, _replies);
        }
        else
        {
            _replies.Register((SendingAmqpLink)link);
        }
    }

    AmqpException Refuse(AmqpLink link, string? address, Microsoft.Azure.Amqp.Encoding.AmqpSymbol condition, string description)
    {
        Log.LinkRefused(logger, link.Name, address, description);
        return new AmqpException(condition, description);
    }

    /// <summary>Links attach synchronously, so their open completes at once.</summary>
    sealed class CompletedResult : IAsyncResult
    {
        public CompletedResult(AsyncCallback callback, object state)
        {
            AsyncState = state;
            callback(this);
        }

        public object AsyncState { get; }

        public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

        public bool CompletedSynchronously => true;

        public bool IsCompleted => true;
    }
}
