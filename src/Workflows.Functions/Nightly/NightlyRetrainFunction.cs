using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Functions.Durable;
using Workflows.Hosting.Nightly;

namespace Workflows.Functions.Nightly;

/// <summary>
/// The nightly timer: starts the day's <c>NightlyRetrain</c> of every opted-in dataset (<c>retrain: nightly</c>) through the
/// application service the standalone host's cron also calls. The day is the timer's scheduled UTC day, so a late or
/// repeated firing starts nothing new.
/// </summary>
public sealed partial class NightlyRetrainFunction(DurableApplicationServices services, TimeProvider time, ILogger<NightlyRetrainFunction> logger)
{
    public const string Name = "NightlyRetrainTimer";
    public const string ScheduleSetting = "%" + NightlyOptions.ScheduleKey + "%";

    [Function(Name)]
    public async Task RunAsync(
        [TimerTrigger(ScheduleSetting)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var started = await services.Nightly(client).StartAsync(day, cancellationToken);
        LogTick(timer.IsPastDue, day, started.Count, started.Count(s => s.Created));
    }

    [LoggerMessage(8200, LogLevel.Information, "Nightly retraining timer fired (past due {IsPastDue}) for {Day}: {Count} dataset(s) opted in, {Started} retrain(s) started")]
    private partial void LogTick(bool isPastDue, DateOnly day, int count, int started);
}
