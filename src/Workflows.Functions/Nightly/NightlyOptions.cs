using System.ComponentModel.DataAnnotations;

namespace Workflows.Functions.Nightly;

/// <summary>
/// <c>Workflows:Nightly</c>: when the Functions app's nightly-retraining timer fires. The host reads the schedule itself
/// (<c>%Workflows:Nightly:Schedule%</c> in the trigger); binding it here validates it when the worker starts.
/// <code>
/// "Workflows": { "Nightly": { "Schedule": "0 0 2 * * *" } }
/// </code>
/// </summary>
public sealed class NightlyOptions : IValidatableObject
{
    public const string Section = "Workflows:Nightly";

    /// <summary>The configuration key the timer trigger's schedule expression names.</summary>
    public const string ScheduleKey = Section + ":" + nameof(Schedule);

    /// <summary>An NCRONTAB expression with seconds (six fields), in UTC unless <c>WEBSITE_TIME_ZONE</c> says otherwise.</summary>
    public string Schedule { get; set; } = "0 0 2 * * *";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            yield return new ValidationResult($"{ScheduleKey} '{Schedule}' must be an NCRONTAB expression of six fields (second minute hour day month weekday)", [nameof(Schedule)]);
        }
    }
}
