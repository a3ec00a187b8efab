using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Options;

namespace Workflows.Infrastructure.Queues;

/// <summary><c>Workflows:Queues</c>: the <c>job-events</c> Storage queue and how its consumer polls it.</summary>
public sealed class QueueOptions
{
    public const string Section = WorkflowsSettings.Root + ":Queues";

    public string JobEvents { get; set; } = QueueNames.JobEvents;

    /// <summary>Where messages go after <see cref="MaxDequeueCount"/> failed deliveries or when they cannot be read at all.</summary>
    public string JobEventsPoison => $"{JobEvents}-poison";

    /// <summary>Wait between polls while the queue is empty.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a received message stays invisible before a failed handling makes it reappear.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages received per poll (Storage allows 1-32).</summary>
    public int BatchSize { get; set; } = 16;
}

internal sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.JobEvents) || options.JobEvents.Length > 56
            || !options.JobEvents.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add($"{QueueOptions.Section}:JobEvents must be 3-56 characters of a-z, 0-9 and '-' (a Storage queue name, leaving room for '-poison')");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{QueueOptions.Section}:PollInterval must be between 0 and 5 minutes");
        }

        if (options.VisibilityTimeout < TimeSpan.FromSeconds(1) || options.VisibilityTimeout > TimeSpan.FromDays(7))
        {
            errors.Add($"{QueueOptions.Section}:VisibilityTimeout must be between 1 second and 7 days");
        }

        if (options.MaxDequeueCount is < 1 or > 100)
        {
            errors.Add($"{QueueOptions.Section}:MaxDequeueCount must be between 1 and 100");
        }

        if (options.BatchSize is < 1 or > 32)
        {
            errors.Add($"{QueueOptions.Section}:BatchSize must be between 1 and 32");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
