using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Workflows.Broker.Amqp;

/// <summary>Claims-based security: every put-token is accepted, since the broker is a loopback development tool.</summary>
internal sealed class CbsHandler : IRequestHandler
{
    const int Accepted = 202;

    public AmqpMessage Handle(AmqpMessage request)
    {
        var response = AmqpMessage.Create();
        response.ApplicationProperties.Map[CbsConstants.PutToken.StatusCode] = Accepted;
        response.ApplicationProperties.Map[CbsConstants.PutToken.StatusDescription] = "Accepted";
        return response;
    }
}
