using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Extensions.Logging;
using Workflows.Broker.Queues;

namespace Workflows.Broker.Amqp;

/// <summary>The <c>{entity}/$management</c> node: lock renewal, peek, scheduling and settlement by lock token.</summary>
internal sealed class ManagementHandler(BrokerQueue queue, SubQueue subQueue, ILogger logger) : IRequestHandler
{
    const string RenewLock = "com.microsoft:renew-lock";
    const string PeekMessage = "com.microsoft:peek-message";
    const string ScheduleMessage = "com.microsoft:schedule-message";
    const string CancelScheduledMessage = "com.microsoft:cancel-scheduled-message";
    const string UpdateDisposition = "com.microsoft:update-disposition";

    public AmqpMessage Handle(AmqpMessage request)
    {
        var operation = request.ApplicationProperties?.Map["operation"] as string;
        ManagementResponse response;
        try
        {
            var body = request.ValueBody?.Value as AmqpMap ?? throw new FormatException("The request body is not a map.");
            response = operation switch
            {
                RenewLock => RenewLocks(body),
                PeekMessage => Peek(body),
                ScheduleMessage => Schedule(body),
                CancelScheduledMessage => CancelScheduled(body),
                UpdateDisposition => Dispose(body),
                _ => ManagementResponse.Failure(
                    ManagementResponse.NotImplemented,
                    AmqpErrorCode.NotImplemented,
                    $"Operation '{operation}' is not supported by the loopback broker."),
            };
        }
        catch (FormatException error)
        {
            response = ManagementResponse.Failure(ManagementResponse.BadRequest, AmqpErrorCode.DecodeError, error.Message);
        }

        Log.RequestAnswered(logger, operation, subQueue.Path, response.StatusCode);
        return response.ToMessage();
    }

    ManagementResponse RenewLocks(AmqpMap body)
    {
        var expirations = queue.RenewLocks(subQueue, Required<Guid[]>(body, "lock-tokens"));
        return expirations.Any(e => e is null)
            ? ManagementResponse.LockLost()
            : ManagementResponse.Success(new AmqpMap
            {
                { new MapKey("expirations"), expirations.Select(e => e!.Value.UtcDateTime).ToArray() },
            });
    }

    ManagementResponse Peek(AmqpMap body)
    {
        var messages = queue.Peek(subQueue, Required<long>(body, "from-sequence-number"), Required<int>(body, "message-count"));
        return messages.Count == 0
            ? ManagementResponse.Empty()
            : ManagementResponse.Success(new AmqpMap
            {
                {
                    new MapKey("messages"),
                    messages.Select(m => new AmqpMap { { new MapKey("message"), MessageEncoder.ForPeek(m) } }).ToList()
                },
            });
    }

    ManagementResponse Schedule(AmqpMap body)
    {
        var messages = Required<List<object>>(body, "messages")
            .Select(entry => entry as AmqpMap ?? throw new FormatException("A scheduled message entry is not a map."))
            .Select(entry => IncomingMessage.Parse(Required<ArraySegment<byte>>(entry, "message")))
            .ToList();
        return queue.TryEnqueue(messages, out var sequenceNumbers)
            ? ManagementResponse.Success(new AmqpMap { { new MapKey("sequence-numbers"), sequenceNumbers } })
            : ManagementResponse.Failure(ManagementResponse.Forbidden, AmqpErrorCode.ResourceLimitExceeded, $"The queue '{queue.Name}' has reached its maximum size.");
    }

    ManagementResponse CancelScheduled(AmqpMap body) =>
        queue.CancelScheduled(Required<long[]>(body, "sequence-numbers"))
            ? ManagementResponse.Success([])
            : ManagementResponse.Failure(ManagementResponse.NotFound, ServiceBusErrors.MessageNotFound, "A scheduled message to cancel was not found.");

    ManagementResponse Dispose(AmqpMap body)
    {
        Settlement? settlement = Required<string>(body, "disposition-status") switch
        {
            "completed" => Settlement.Complete,
            "abandoned" => Settlement.Abandon,
            "suspended" => Settlement.DeadLetter(Optional<string>(body, "deadletter-reason"), Optional<string>(body, "deadletter-description")),
            _ => null,
        };
        if (settlement is null)
        {
            return ManagementResponse.Failure(
                ManagementResponse.NotImplemented,
                AmqpErrorCode.NotImplemented,
                "The loopback broker supports complete, abandon and dead-letter, not deferral.");
        }

        var results = Required<Guid[]>(body, "lock-tokens").Select(token => queue.Settle(subQueue, token, settlement)).ToList();
        return results.All(r => r == SettlementResult.Settled) ? ManagementResponse.Success([]) : ManagementResponse.LockLost();
    }

    static T Required<T>(AmqpMap map, string key) =>
        map.TryGetValue<T>(new MapKey(key), out var value) && value is not null
            ? value
            : throw new FormatException($"The request lacks '{key}' of type {typeof(T).Name}.");

    static T? Optional<T>(AmqpMap map, string key)
        where T : class =>
        map.TryGetValue<T>(new MapKey(key), out var value) ? value : null;
}
