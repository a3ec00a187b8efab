using Microsoft.Extensions.Options;

namespace Workflows.DurableCore;

/// <summary>
/// <c>Workflows:Durable</c>: DurableTask.Core on Azure Storage (Azurite locally). The connection string defaults to
/// <c>Workflows:Storage:ConnectionString</c>: the durable backend lives in the platform's storage account.
/// </summary>
/// <example>
/// <code>
/// "Workflows": { "Durable": { "TaskHubName": "workflows", "PartitionCount": 1, "MaxQueuePollingInterval": "00:00:01" } }
/// </code>
/// </example>
public sealed class DurableEngineOptions
{
    public const string SectionName = "Workflows:Durable";

    /// <summary>Falls back to the storage section's connection string when empty.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of the backend's queues, tables and lease container: letters and digits, 3–45 characters.</summary>
    public string TaskHubName { get; set; } = "workflows";

    /// <summary>Control-queue partitions (1–16); cannot change once the task hub exists.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Upper bound of the queue-polling back-off when idle: lower means faster pickup, more storage calls.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxConcurrentActivities { get; set; } = 16;

    public int MaxConcurrentOrchestrations { get; set; } = 16;

    /// <summary>Run the TaskHubWorker in this process (false: a client-only process that schedules and queries).</summary>
    public bool RunWorker { get; set; } = true;
}

internal sealed class DurableEngineOptionsValidator : IValidateOptions<DurableEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableEngineOptions options)
    {
        var failures = new List<string>();
        string section = DurableEngineOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{section}:ConnectionString (or Workflows:Storage:ConnectionString) is required");
        }

        if (options.TaskHubName.Length is < 3 or > 45 || !char.IsAsciiLetter(options.TaskHubName[0]) || !options.TaskHubName.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add($"{section}:TaskHubName '{options.TaskHubName}' must be 3-45 letters and digits, starting with a letter");
        }

        if (options.PartitionCount is < 1 or > 16)
        {
            failures.Add($"{section}:PartitionCount must be between 1 and 16");
        }

        if (options.MaxQueuePollingInterval < TimeSpan.FromMilliseconds(10) || options.MaxQueuePollingInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:MaxQueuePollingInterval must be between 10 ms and 5 minutes");
        }

        if (options.MaxConcurrentActivities is < 1 or > 1000 || options.MaxConcurrentOrchestrations is < 1 or > 1000)
        {
            failures.Add($"{section}:MaxConcurrentActivities and MaxConcurrentOrchestrations must be between 1 and 1000");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
