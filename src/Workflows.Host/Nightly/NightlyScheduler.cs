using Cronos;
using Microsoft.Extensions.Options;
using Workflows.Hosting.Nightly;
using Workflows.Orchestration.Application;

namespace Workflows.Host.Nightly;

/// <summary>
/// The standalone host's cron for nightly retraining (<see cref="NightlyOptions.Schedule"/>, UTC): at each occurrence it
/// starts that day's retrains through <see cref="NightlyRetrainService"/>. A host that starts after today's occurrence
/// starts today's at once, so a restart never skips a day; the deterministic instance id per dataset and day makes that,
/// a second host, or a repeated firing a no-op.
/// </summary>
public sealed partial class NightlyScheduler(NightlyRetrainService nightly, IOptions<NightlyOptions> options, TimeProvider time, ILogger<NightlyScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = options.Value.ParseSchedule();
        if (MissedToday(schedule, time.GetUtcNow()) is { } missed)
        {
            await StartAsync(missed, stoppingToken);
        }

        while (schedule.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc) is { } next)
        {
            var delay = next - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, stoppingToken);
            }

            await StartAsync(next, stoppingToken);
        }
    }

    /// <summary>Today's latest occurrence at or before <paramref name="now"/>; null when today's first is still ahead.</summary>
    public static DateTimeOffset? MissedToday(CronExpression schedule, DateTimeOffset now)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return schedule.GetOccurrences(midnight, now, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true)
            .Select(occurrence => (DateTimeOffset?)occurrence)
            .LastOrDefault();
    }

    private async Task StartAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(occurrence.UtcDateTime);
        try
        {
            var started = await nightly.StartAsync(day, cancellationToken);
            LogFired(day, started.Count, started.Count(s => s.Created));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, day);
        }
    }

    [LoggerMessage(8300, LogLevel.Information, "Nightly retraining for {Day}: {Count} dataset(s) opted in, {Started} retrain(s) started")]
    private partial void LogFired(DateOnly day, int count, int started);

    [LoggerMessage(8301, LogLevel.Error, "Nightly retraining for {Day} could not be started; the next occurrence tries again")]
    private partial void LogFailed(Exception exception, DateOnly day);
}
