using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Contracts;
using Workflows.Functions.Durable;

namespace Workflows.Functions.Nightly;

/// <summary>
/// The nightly timer. It finds the datasets whose manifests opt in (<c>retrain: nightly</c>) through the application
/// services; the <c>NightlyRetrain</c> orchestration DESIGN.md describes does not exist in this version, so it starts
/// nothing and says so for every opted-in dataset rather than pretending to retrain it.
/// </summary>
public sealed partial class NightlyRetrainFunction(DurableApplicationServices services, ILogger<NightlyRetrainFunction> logger)
{
    public const string Name = "NightlyRetrainTimer";
    public const string ScheduleSetting = "%" + NightlyOptions.ScheduleKey + "%";

    [Function(Name)]
    public async Task RunAsync(
        [TimerTrigger(ScheduleSetting)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var datasets = await services.Runs(client).ListDatasetsAsync(cancellationToken);
        var optedIn = datasets.Where(d => d.Retrain == RetrainSchedule.Nightly).Select(d => d.Name).ToList();
        LogTick(timer.IsPastDue, optedIn.Count);
        foreach (string dataset in optedIn)
        {
            LogNotAvailable(dataset);
        }
    }

    [LoggerMessage(8200, LogLevel.Information, "Nightly retraining timer fired (past due {IsPastDue}): {Count} dataset(s) opted in")]
    private partial void LogTick(bool isPastDue, int count);

    [LoggerMessage(8201, LogLevel.Warning, "Dataset {Dataset} opted in to nightly retraining, but this version has no NightlyRetrain orchestration: nothing was started")]
    private partial void LogNotAvailable(string dataset);
}
