namespace Workflows.Broker.Queues;

/// <summary>What a receiver decided for a locked message.</summary>
internal abstract record Settlement
{
    public static readonly Settlement Complete = new CompleteSettlement();

    public static readonly Settlement Abandon = new AbandonSettlement();

    public static Settlement DeadLetter(string? reason, string? description) => new DeadLetterSettlement(reason, description);
}

internal sealed record CompleteSettlement : Settlement;

internal sealed record AbandonSettlement : Settlement;

internal sealed record DeadLetterSettlement(string? Reason, string? Description) : Settlement;

internal enum SettlementResult
{
    Settled,
    LockLost,
}

/// <summary>The reasons Service Bus itself writes on messages it dead-letters.</summary>
internal static class DeadLetterReasons
{
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
    public const string TimeToLiveExpired = "TTLExpiredException";
}
