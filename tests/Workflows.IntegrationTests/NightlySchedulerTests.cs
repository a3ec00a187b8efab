using System.ComponentModel.DataAnnotations;
using Workflows.Host.Nightly;
using Workflows.Hosting.Nightly;

namespace Workflows.IntegrationTests;

/// <summary>The standalone host's cron: the occurrence a (re)started host catches up on, and the schedule's validation.</summary>
public sealed class NightlySchedulerTests
{
    private static readonly NightlyOptions TwoAm = new();

    [Theory]
    [InlineData("2026-12-01T01:59:59Z", null)]
    [InlineData("2026-12-01T02:00:00Z", "2026-12-01T02:00:00Z")]
    [InlineData("2026-12-01T23:30:00Z", "2026-12-01T02:00:00Z")]
    public void MissedToday_IsTodaysOccurrenceAlreadyDue(string now, string? missed) =>
        Assert.Equal(missed is null ? null : DateTimeOffset.Parse(missed, System.Globalization.CultureInfo.InvariantCulture),
            NightlyScheduler.MissedToday(TwoAm.ParseSchedule(), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0 0 2 * * *", null)]
    [InlineData("0 2 * * *", "Workflows:Nightly:Schedule '0 2 * * *' must be an NCRONTAB expression of six fields (second minute hour day month weekday)")]
    [InlineData("0 0 25 * * *", "Workflows:Nightly:Schedule '0 0 25 * * *' is not a valid cron expression: ")]
    public void Validate_NamesTheSettingAndWhatIsWrong(string schedule, string? problem)
    {
        var options = new NightlyOptions { Schedule = schedule };

        var results = options.Validate(new ValidationContext(options)).ToList();

        if (problem is null)
        {
            Assert.Empty(results);
        }
        else
        {
            Assert.StartsWith(problem, Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
        }
    }
}
