using System.ComponentModel.DataAnnotations;
using Cronos;

namespace Workflows.Hosting.Nightly;

/// <summary>
/// <c>Workflows:Nightly</c>: when nightly retraining starts, in both hosts: the Functions app's timer trigger reads the
/// schedule itself (<c>%Workflows:Nightly:Schedule%</c>), the standalone host's cron (<c>NightlyScheduler</c>) parses it.
/// Binding it validates it when either starts.
/// <code>
/// "Workflows": { "Nightly": { "Schedule": "0 0 2 * * *" } }
/// </code>
/// </summary>
public sealed class NightlyOptions : IValidatableObject
{
    public const string Section = "Workflows:Nightly";

    /// <summary>The configuration key the timer trigger's schedule expression names.</summary>
    public const string ScheduleKey = Section + ":" + nameof(Schedule);

    /// <summary>An NCRONTAB expression with seconds (six fields), in UTC (the Functions app: unless <c>WEBSITE_TIME_ZONE</c> says otherwise).</summary>
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>The schedule as a cron expression; throws <see cref="CronFormatException"/> for an invalid one.</summary>
    public CronExpression ParseSchedule() => CronExpression.Parse(Schedule, CronFormat.IncludeSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? problem = null;
        if (Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            problem = "must be an NCRONTAB expression of six fields (second minute hour day month weekday)";
        }
        else
        {
            try
            {
                ParseSchedule();
            }
            catch (CronFormatException ex)
            {
                problem = $"is not a valid cron expression: {ex.Message}";
            }
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"{ScheduleKey} '{Schedule}' {problem}", [nameof(Schedule)]);
        }
    }
}
