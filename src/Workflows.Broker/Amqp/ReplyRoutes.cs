using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Workflows.Broker.Amqp;

/// <summary>
/// The links responses go out on: a request/response client attaches a receive link whose target is the
/// reply-to address it then puts on every request.
/// </summary>
internal sealed class ReplyRoutes
{
    readonly ConcurrentDictionary<(AmqpConnection Connection, string ReplyTo), SendingAmqpLink> _links = new();

    public void Register(SendingAmqpLink link)
    {
        var key = (link.Session.Connection, (link.Settings.Target as Target)?.Address?.ToString() ?? string.Empty);
        _links[key] = link;
        link.SafeAddClosed((_, _) => _links.TryRemove(new KeyValuePair<(AmqpConnection, string), SendingAmqpLink>(key, link)));
    }

    public bool TrySend(AmqpConnection connection, string replyTo, AmqpMessage response)
    {
        if (!_links.TryGetValue((connection, replyTo), out var link))
        {
            return false;
        }

        link.SendMessageNoWait(response, new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), AmqpConstants.NullBinary);
        return true;
    }
}
