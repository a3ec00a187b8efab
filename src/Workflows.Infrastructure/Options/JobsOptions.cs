using Microsoft.Extensions.Options;
using Workflows.Infrastructure.Messaging;

namespace Workflows.Infrastructure.Options;

/// <summary>
/// <c>Workflows:Jobs</c>: failure accounting and heartbeats of GPU jobs, shared by workers (which retry) and hosts (which
/// watch heartbeats).
/// </summary>
public sealed class JobsOptions
{
    public const string Section = WorkflowsSettings.Root + ":Jobs";

    /// <summary>Retries after a job's first failed attempt; the job fails once <c>RetryBudget + 1</c> attempts have failed.</summary>
    public int RetryBudget { get; set; } = 2;

    /// <summary>Delay before the first retry; doubled per further failure up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A running attempt writes <c>progress.json</c> at least this often (and after every epoch).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The delay before the attempt following the <paramref name="failures"/>-th failure.</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        double factor = Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(BackoffMax.Ticks, BackoffBase.Ticks * factor));
    }
}

internal sealed class JobsOptionsValidator(IOptions<ServiceBusOptions> serviceBus) : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        if (options.RetryBudget is < 0 or > 100)
        {
            errors.Add($"{JobsOptions.Section}:RetryBudget must be between 0 and 100");
        }

        // Every attempt is a new message, but an interrupted attempt burns deliveries of its own message: the queue
        // must redeliver more often than jobs are retried, or healthy jobs dead-letter before their budget is spent.
        if (serviceBus.Value.MaxDeliveryCount <= options.RetryBudget)
        {
            errors.Add($"{JobsOptions.Section}:RetryBudget ({options.RetryBudget}) must be below {ServiceBusOptions.Section}:MaxDeliveryCount ({serviceBus.Value.MaxDeliveryCount})");
        }

        if (options.BackoffBase <= TimeSpan.Zero || options.BackoffMax < options.BackoffBase)
        {
            errors.Add($"{JobsOptions.Section}: BackoffBase must be positive and at most BackoffMax");
        }

        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(100) || options.HeartbeatInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{JobsOptions.Section}:HeartbeatInterval must be between 100 ms and 1 hour");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
