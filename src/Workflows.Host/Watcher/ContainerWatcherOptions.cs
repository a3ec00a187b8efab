using System.ComponentModel.DataAnnotations;

namespace Workflows.Host.Watcher;

/// <summary>
/// <c>Workflows:Watcher</c>: how the standalone host notices uploaded manifests (Event Grid's job in Azure):
/// <code>
/// "Workflows": { "Watcher": { "Enabled": true, "Interval": "00:00:05" } }
/// </code>
/// </summary>
public sealed class ContainerWatcherOptions : IValidatableObject
{
    public const string Section = "Workflows:Watcher";

    public bool Enabled { get; set; } = true;

    /// <summary>Pause between scans of <c>datasets/*/dataset.json</c>.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval < TimeSpan.FromMilliseconds(100) || Interval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{Section}:Interval must be between 100 ms and 1 hour", [nameof(Interval)]);
        }
    }
}
