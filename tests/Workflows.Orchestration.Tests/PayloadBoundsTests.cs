using System.Text;
using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Tests;

/// <summary>
/// Payloads at the limits <see cref="SizeLimits"/> allows stay below what the backends accept: custom status (16 KB),
/// the Storage queue message of an outcome (64 KB after base64) and the Service Bus job message (256 KB on Standard).
/// Worst-case text is made of characters the JSON writer escapes to six bytes (<c>\u00e9</c>, <c>\u003c</c>).
/// </summary>
public sealed class PayloadBoundsTests
{
    private const int CustomStatusLimit = 16 * 1024;
    private const int StorageQueueMessageLimit = 64 * 1024;
    private const int ServiceBusStandardMessageLimit = 256 * 1024;

    /// <summary>Dataset name of the maximum length: the longest run id a manifest can produce.</summary>
    private static readonly string LongestRunId = Identifiers.RunIdForIdempotencyKey(new string('d', Identifiers.MaxDatasetNameLength), "key");

    private static readonly string LongestJobId = Identifiers.JobId(LongestRunId, new string('j', SizeLimits.MaxJobIdLength - LongestRunId.Length - 1));

    private static string WorstCaseText(int chars) => string.Concat(Enumerable.Repeat("é<", chars / 2));

    [Fact]
    public void Bounded_MaximumSearchesAndManyLongErrors_StaysUnderTheCustomStatusLimit()
    {
        var progress = new RunProgress
        {
            Phase = RunPhases.Searching,
            JobsDone = SizeLimits.MaxJobsPerRun,
            JobsFailed = SizeLimits.MaxJobsPerRun,
            JobsTotal = SizeLimits.MaxJobsPerRun,
            WorkerSeconds = double.MaxValue,
            Steps = [.. Enumerable.Range(0, SizeLimits.MaxSearchesPerRun).Select(i => new StepProgress
            {
                Key = RecsysJobIds.SearchKey("lightgcn", "imp-no-rewind", int.MinValue + i),
                State = "running",
                Done = 99,
                Total = 99,
                RemainingFraction = 0.123456789012345,
                Metric = 0.123456789012345,
            })],
            Errors = [.. Enumerable.Range(0, 3 * RunProgressStatus.MaxErrors).Select(_ => WorstCaseText(SizeLimits.MaxErrorChars))],
        };

        var bounded = RunProgressStatus.Bounded(progress);

        Assert.InRange(RunProgressStatus.Size(bounded), 1, SizeLimits.MaxCustomStatusBytes);
        Assert.True(SizeLimits.MaxCustomStatusBytes < CustomStatusLimit);
        Assert.Equal(progress.Errors[^1][..64], bounded.Errors[^1]);
    }

    [Fact]
    public void JobOutcome_LongestIdsAndWorstCaseError_FitsThePublisherLimitAndTheStorageQueue()
    {
        var outcome = new JobOutcome
        {
            JobId = LongestJobId,
            RunId = LongestRunId,
            InstanceId = $"{LongestJobId}~g999",
            Attempt = int.MaxValue,
            Status = JobStatus.Failed,
            ResultPath = BlobLayout.JobResult(LongestRunId, LongestJobId).ToString(),
            Metrics = Enumerable.Range(0, 16).ToDictionary(i => $"metric-with-a-rather-long-name-{i:D2}@20", _ => double.MinValue),
            Error = JobOutcome.TruncateError(WorstCaseText(10 * SizeLimits.MaxErrorChars)),
            WorkerId = new string('w', 253),
            StartedAt = DateTimeOffset.MaxValue,
            FinishedAt = DateTimeOffset.MaxValue,
        };

        int bytes = ContractJson.SerializeToUtf8Bytes(outcome).Length;

        Assert.InRange(bytes, 6 * SizeLimits.MaxErrorChars, SizeLimits.MaxOutcomeBytes);
        Assert.True(Base64Length(SizeLimits.MaxOutcomeBytes) < StorageQueueMessageLimit);
    }

    [Fact]
    public void JobMessage_LongestIdsPathsTopKAndTraceState_StaysFarBelowTheQueueLimits()
    {
        string result = BlobLayout.JobResult(LongestRunId, LongestJobId).ToString();
        var message = new JobMessage
        {
            JobId = LongestJobId,
            RunId = LongestRunId,
            InstanceId = $"{LongestJobId}~g999",
            Kind = JobKinds.RecsysTrainRound,
            Attempt = int.MaxValue,
            Inputs = new Dictionary<string, string>
            {
                [TrainRoundInputs.Dataset] = BlobLayout.RunPrefix(LongestRunId) + "prepared/dataset.bin",
                [TrainRoundInputs.PruneFrom] = result,
                [TrainRoundInputs.Rewind] = result,
            },
            Parameters = JobMessage.ToParameters(new TrainRoundParameters
            {
                Backbone = "lightgcn",
                Strategy = "imp-no-rewind",
                Seed = int.MinValue,
                Round = int.MaxValue,
                PruningRate = 0.123456789012345,
                TotalEntries = long.MaxValue,
                TargetNonZeros = long.MaxValue,
                PruneFromRound = int.MaxValue,
                RewindToRound = int.MaxValue,
                InitSeed = int.MinValue,
                MaskSeed = int.MinValue,
                // Every distinct cut-off validation allows (1..1000).
                Training = RecsysTrainingSettings.From(new LotteryTicketSpec { Init = "normal-0.1", TopK = [.. Enumerable.Range(1, 1000)] }),
            }),
            Deadline = DateTimeOffset.MaxValue,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            // W3C trace context allows at most 32 list members of up to 256 + 1 + 256 characters; 512 is the propagation minimum.
            TraceState = new string('t', 512),
        };

        int bytes = ContractJson.SerializeToUtf8Bytes(message).Length;

        Assert.InRange(bytes, 1, 16 * 1024);
        Assert.True(Base64Length(16 * 1024) < StorageQueueMessageLimit);
        Assert.True(16 * 1024 < ServiceBusStandardMessageLimit);
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;
}
