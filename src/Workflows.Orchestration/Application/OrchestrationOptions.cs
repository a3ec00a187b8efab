using Microsoft.Extensions.Options;

namespace Workflows.Orchestration.Application;

/// <summary>
/// Settings of the orchestration layer (section <c>Workflows:Orchestration</c>). Copied into each run's input when it
/// starts (<see cref="Jobs.JobPolicy"/>), so a running orchestration replays the same way after a configuration change.
/// </summary>
public sealed class OrchestrationOptions
{
    public const string SectionName = "Workflows:Orchestration";

    /// <summary>How long a job's outcome is awaited before its heartbeat is inspected.</summary>
    public TimeSpan HeartbeatCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A started attempt whose heartbeat is older than this is lost (its worker died) and is re-dispatched; a few of the
    /// workers' <c>Workflows:Jobs:HeartbeatInterval</c>. An attempt that has not started (queued) waits for its deadline.
    /// </summary>
    public TimeSpan HeartbeatStaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Dispatch attempts per job before the orchestration gives up on a job that never reports.</summary>
    public int MaxDispatchAttempts { get; set; } = 3;

    public Jobs.JobPolicy ToJobPolicy() => new(HeartbeatCheckInterval, HeartbeatStaleAfter, MaxDispatchAttempts);
}

internal sealed class OrchestrationOptionsValidator : IValidateOptions<OrchestrationOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestrationOptions options)
    {
        var failures = new List<string>();
        string section = OrchestrationOptions.SectionName;
        if (options.HeartbeatCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:HeartbeatCheckInterval must be positive");
        }

        if (options.HeartbeatStaleAfter < options.HeartbeatCheckInterval)
        {
            failures.Add($"{section}:HeartbeatStaleAfter must be at least HeartbeatCheckInterval");
        }

        if (options.MaxDispatchAttempts is < 1 or > 20)
        {
            failures.Add($"{section}:MaxDispatchAttempts must be between 1 and 20");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
