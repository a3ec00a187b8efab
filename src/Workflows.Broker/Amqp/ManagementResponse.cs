using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Workflows.Broker.Amqp;

/// <summary>A <c>$management</c> answer: status code and, on failure, the error condition the client maps to an exception.</summary>
internal sealed record ManagementResponse(int StatusCode, AmqpMap Body, AmqpSymbol Condition = default, string? Description = null)
{
    public const int Ok = 200;
    public const int NoContent = 204;
    public const int BadRequest = 400;
    public const int NotFound = 404;
    public const int Forbidden = 403;
    public const int Gone = 410;
    public const int NotImplemented = 501;

    public static ManagementResponse Success(AmqpMap body) => new(Ok, body);

    public static ManagementResponse Empty() => new(NoContent, []);

    public static ManagementResponse Failure(int statusCode, AmqpSymbol condition, string description) =>
        new(statusCode, [], condition, description);

    public static ManagementResponse LockLost() =>
        Failure(Gone, ServiceBusErrors.MessageLockLost, "The lock supplied is invalid: it expired, or the message was already settled.");

    public AmqpMessage ToMessage()
    {
        var message = AmqpMessage.Create(new AmqpValue { Value = Body });
        message.ApplicationProperties.Map["statusCode"] = StatusCode;
        if (Condition.Value is not null)
        {
            message.ApplicationProperties.Map["errorCondition"] = Condition;
            message.ApplicationProperties.Map["statusDescription"] = Description;
        }

        return message;
    }
}
