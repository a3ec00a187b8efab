namespace Workflows.Contracts;

/// <summary>
/// <c>attempts.json</c>: the failed attempts of one job. Failures are counted here, in blob state, rather than by Service Bus
/// delivery counts, which also grow when a healthy attempt is interrupted (shutdown, scale-in, lost lock).
/// </summary>
public sealed record JobAttempts
{
    public required string JobId { get; init; }

    public IReadOnlyList<AttemptFailure> Failures { get; init; } = [];
}

/// <param name="Error">Truncated to <see cref="SizeLimits.MaxErrorChars"/>; the full exception is in the attempt's log blob.</param>
/// <param name="Permanent">Invalid input: retrying cannot help, so the job failed without spending its retry budget.</param>
public sealed record AttemptFailure(int Attempt, string WorkerId, string Error, DateTimeOffset FailedAt, bool Permanent = false);
