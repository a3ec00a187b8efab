using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Recsys;

namespace Workflows.Orchestration.Nightly;

/// <summary>
/// One dataset's nightly retrain (instance id = <see cref="Identifiers.NightlyRetrainId"/>, so at most one per dataset and
/// UTC day). For every promoted model of the dataset: when the dataset's content hash is the one the champion was trained
/// on, a recorded no-op; otherwise the champion's ticket is trained again on the new data (its mask, from its rewind point,
/// with its training protocol), the same job scores the champion's weights on the same held-out (test) split, and the
/// challenger is promoted when <see cref="NightlyRule.Promotes"/>. The night's record is written to
/// <c>runs/{instanceId}/report.json</c> and returned.
/// </summary>
/// <remarks>
/// The new data is prepared once, with the first retrained champion's spec: the test split (what the comparison uses) is
/// the dataset's own test file whatever the spec. New data whose users or items differ in number from the champion's table
/// cannot carry its mask; that model's outcome is <see cref="NightlyDecision.Failed"/> and says a full run is needed.
/// </remarks>
public sealed class NightlyRetrain : TaskOrchestrator<NightlyRequest, NightlyReport>
{
    public override async Task<NightlyReport> RunAsync(TaskOrchestrationContext context, NightlyRequest input)
    {
        var startedAt = context.CurrentUtcDateTime;
        var inspection = await context.InspectDatasetAsync(input.Dataset);
        string? problem = inspection.Problem
            ?? (inspection.Champions.Count == 0 ? "the dataset has no promoted model yet: a completed lottery-ticket run promotes the first" : null);
        var outcomes = new List<NightlyModelOutcome>();
        if (problem is null)
        {
            PreparedRecsysDataset? prepared = null;
            foreach (var champion in inspection.Champions)
            {
                if (champion.ContentHash == inspection.ContentHash)
                {
                    outcomes.Add(new NightlyModelOutcome(champion.Model, NightlyDecision.Unchanged,
                        $"the dataset's content hash {inspection.ContentHash} is the one the champion was trained on", champion.ContentHash));
                    continue;
                }

                try
                {
                    prepared ??= await context.PrepareRecsysDatasetAsync(new PrepareRequest(input.InstanceId, BlobLayout.Manifest(input.Dataset).ToString(), champion.Spec));
                }
                catch (TaskFailedException ex)
                {
                    outcomes.Add(new NightlyModelOutcome(champion.Model, NightlyDecision.Failed, $"prepare: {ex.FailureDetails.ErrorMessage}", champion.ContentHash));
                    continue;
                }

                outcomes.Add(await RetrainAsync(context, input, inspection.ContentHash, champion, prepared));
            }
        }

        var report = new NightlyReport(input.InstanceId, input.Dataset, input.Day, inspection.ContentHash, outcomes, startedAt, context.CurrentUtcDateTime, problem);
        await context.WriteNightlyReportAsync(report);
        return report;
    }

    private static async Task<NightlyModelOutcome> RetrainAsync(
        TaskOrchestrationContext context, NightlyRequest input, string contentHash, ModelPointer champion, PreparedRecsysDataset prepared)
    {
        long entries = (long)(prepared.Users + prepared.Items) * champion.Spec.EmbeddingSize;
        if (entries != champion.TotalEntries)
        {
            return new NightlyModelOutcome(champion.Model, NightlyDecision.Failed,
                $"the new data has {prepared.Users} users and {prepared.Items} items ({entries} table entries); the champion's mask covers {champion.TotalEntries}: start a full lottery-ticket run",
                champion.ContentHash);
        }

        string jobId = Identifiers.JobId(input.InstanceId, $"{champion.Model}-challenger");
        var inputs = new Dictionary<string, string>
        {
            [TrainRoundInputs.Dataset] = prepared.DatasetBlob,
            [TrainRoundInputs.Ticket] = champion.TicketResult,
            [TrainRoundInputs.Rewind] = champion.RewindResult,
        };
        var request = new JobRequest(input.InstanceId, jobId, JobKinds.RecsysTrainRound, inputs, JobMessage.ToParameters(TicketPromotion.Parameters(champion)),
            champion.JobDeadline, input.Jobs);
        var step = await context.RunJobAsync(request, SubOrchestrationIds.For(jobId, 0));
        if (!step.Succeeded
            || !step.Metrics.TryGetValue(TrainRoundMetrics.ChampionTestRecall20, out double championRecall)
            || !step.Metrics.TryGetValue(TrainRoundMetrics.TestRecall20, out double challengerRecall))
        {
            return new NightlyModelOutcome(champion.Model, NightlyDecision.Failed,
                $"challenger {jobId}: {step.Error ?? $"the result lacks '{TrainRoundMetrics.ChampionTestRecall20}' or '{TrainRoundMetrics.TestRecall20}'"}",
                champion.ContentHash, ChallengerResult: step.ResultPath);
        }

        double tolerance = champion.Spec.TicketTolerance;
        string comparison = $"challenger test Recall@20 {challengerRecall:F4} vs champion {championRecall:F4} on the new data (tolerance {tolerance:P0})";
        if (!NightlyRule.Promotes(championRecall, challengerRecall, tolerance))
        {
            return new NightlyModelOutcome(champion.Model, NightlyDecision.Kept, comparison, champion.ContentHash, championRecall, challengerRecall, step.ResultPath);
        }

        await context.PromoteAsync(champion with
        {
            PromotedBy = input.InstanceId,
            ContentHash = contentHash,
            TicketResult = step.ResultPath!,
            Metrics = step.Metrics.Where(m => m.Key.StartsWith("test.", StringComparison.Ordinal)).ToDictionary(),
            PromotedAt = context.CurrentUtcDateTime,
        }, prepared.DatasetBlob);
        return new NightlyModelOutcome(champion.Model, NightlyDecision.Promoted, comparison, champion.ContentHash, championRecall, challengerRecall, step.ResultPath);
    }
}
