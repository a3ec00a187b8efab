using Microsoft.Azure.Amqp;

namespace Workflows.Broker.Amqp;

/// <summary>Answers requests sent to a request/response node (<c>$cbs</c>, <c>{entity}/$management</c>).</summary>
internal interface IRequestHandler
{
    AmqpMessage Handle(AmqpMessage request);
}
