using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Workflows.Broker.Amqp;

/// <summary>Takes requests from a client's send link and returns each answer on the link named by its reply-to.</summary>
internal static class RequestNode
{
    public static void Attach(ReceivingAmqpLink link, IRequestHandler handler, ReplyRoutes replies) =>
        link.RegisterMessageListener(request =>
        {
            using (request)
            {
                var response = handler.Handle(request);
                response.Properties.CorrelationId = request.Properties?.MessageId;
                if (!request.Settled)
                {
                    link.AcceptMessage(request, batchable: false);
                }

                if (request.Properties?.ReplyTo?.ToString() is not { } replyTo || !replies.TrySend(link.Session.Connection, replyTo, response))
                {
                    response.Dispose();
                }
            }
        });
}
