using System.Text;
using System.Text.Json;
using Workflows.Contracts;
using Workflows.Lottery;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.Reporting.Tests;

/// <summary>
/// A finished MF run on 100 users × 400 items with d = 10 (5 000 embedding entries), seed 7, and the searches imp, omp and
/// random over three levels (4 500, 4 050, 3 645 non-zeros), whose round results are hand-made and stored in memory.
/// On validation Recall@20 against dense 0.2000: imp's ticket is round 2, omp's round 1, random has none.
/// </summary>
internal sealed class FinishedRun
{
    public const string RunId = "lt-finished-run";
    public const string Backbone = "mf";
    public const int Seed = 7;
    public const long TotalEntries = 5_000;
    public const double SecondsPerJob = 12.5;

    public static readonly DateTimeOffset Started = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly long[] Levels = [4_500, 4_050, 3_645];

    /// <summary>Validation Recall@20 per strategy, by round 1..3.</summary>
    public static readonly IReadOnlyDictionary<string, double[]> ValidationRecall = new Dictionary<string, double[]>
    {
        [PruningStrategies.Imp] = [0.2050, 0.2010, 0.1950],
        [PruningStrategies.OneShot] = [0.2001, 0.1990, 0.1900],
        [PruningStrategies.Random] = [0.1900, 0.1700, 0.1500],
    };

    public const double DenseValidationRecall = 0.2000;

    public const string TrainFile = "1\t2\n1\t3\n";
    public const string TestFile = "1\t4\n";

    /// <summary>What the worker records of its code and packages in every round's details.</summary>
    public static readonly IReadOnlyDictionary<string, string> Software = new Dictionary<string, string>
    {
        [TrainRoundDetails.WorkflowsSoftware] = "1.0.0+0123abc", ["TorchSharp"] = "0.107.0", ["libtorch"] = "2.7.1",
    };

    public InMemoryBlobStore Blobs { get; } = new();

    public LotteryTicketReportInput Input { get; }

    private readonly bool withDetails;
    private readonly Func<int, string?> deviceOf;

    /// <param name="withDetails">False: results carry no train-round details (<c>{}</c>), as a handler that reports none writes them.</param>
    /// <param name="deviceOf">The device each result records, by job index (0: the dense round, then each search's rounds in order); <c>cpu</c> for all by default.</param>
    public FinishedRun(bool withDetails = true, Func<int, string?>? deviceOf = null)
    {
        this.withDetails = withDetails;
        this.deviceOf = deviceOf ?? (_ => "cpu");
        Blobs.Put(BlobLayout.DatasetFile("lastfm", "train.tsv"), Encoding.UTF8.GetBytes(TrainFile));
        Blobs.Put(BlobLayout.DatasetFile("lastfm", "test.tsv"), Encoding.UTF8.GetBytes(TestFile));
        Blobs.Put(BlobLayout.Manifest("lastfm"), Encoding.UTF8.GetBytes("""
            { "name": "lastfm", "kind": "recsys", "files": [ { "path": "train.tsv", "role": "train" }, { "path": "test.tsv", "role": "test" } ] }
            """));
        var spec = new LotteryTicketSpec
        {
            Backbones = [Backbone],
            Strategies = [.. ValidationRecall.Keys],
            Seeds = [Seed],
            Rounds = Levels.Length,
            EmbeddingSize = 10,
        };
        string denseJob = RecsysJobIds.DenseRound(RunId, Backbone, Seed);
        Store(denseJob, TotalEntries, DenseValidationRecall, testRecall: 0.190449, testNdcg: 0.150051, jobIndex: 0);
        var searches = new List<TicketSearchResult>();
        int jobIndex = 1;
        foreach (var (strategy, recalls) in ValidationRecall)
        {
            string key = RecsysJobIds.SearchKey(Backbone, strategy, Seed);
            var rounds = new List<SearchRound> { new(0, TotalEntries, DenseValidationRecall) };
            for (int round = 1; round <= Levels.Length; round++)
            {
                double recall = recalls[round - 1];
                Store(RecsysJobIds.SearchRound(RunId, key, round), Levels[round - 1], recall, testRecall: recall - 0.010051, testNdcg: recall * 0.8, jobIndex++);
                rounds.Add(new SearchRound(round, Levels[round - 1], recall));
            }

            searches.Add(new TicketSearchResult(key, Backbone, strategy, Seed, SearchState.Completed, rounds, StopReason.RoundsExhausted, null,
                Levels.Length, 0, Levels.Length * SecondsPerJob, null));
        }

        Input = new LotteryTicketReportInput(RunId, "lastfm", new RunSpec { Family = ExperimentFamily.LotteryTicket, LotteryTicket = spec }, RunState.Completed, [],
            new PreparedRecsysDataset("runs/lt-finished-run/prepared/dataset.bin", 100, 400, 3_000, 300, 700, 2),
            [new DenseRound(Backbone, Seed, denseJob, BlobLayout.JobResult(RunId, denseJob).ToString(), DenseValidationRecall, SecondsPerJob)],
            searches, Started, Started.AddMinutes(3));
    }

    private void Store(string jobId, long nonZeros, double validationRecall, double testRecall, double testNdcg, int jobIndex)
    {
        var started = Started.AddSeconds(jobIndex * 20);
        var details = new TrainRoundDetails(4, (long)(nonZeros * 0.9), 0.5, 10.0, 2.0,
            [0.6931, 0.52, 0.41, 0.37], [new(1, validationRecall - 0.01), new(3, validationRecall)], Device: "cpu", Software: Software);
        var result = new JobResult
        {
            JobId = jobId,
            RunId = RunId,
            Kind = JobKinds.RecsysTrainRound,
            Attempt = 1,
            WorkerId = "worker-a",
            Device = deviceOf(jobIndex),
            Metrics = new Dictionary<string, double>
            {
                [TrainRoundMetrics.ValidationRecall20] = validationRecall,
                [TrainRoundMetrics.ValidationNdcg20] = validationRecall * 0.75,
                [TrainRoundMetrics.TestRecall20] = testRecall,
                [TrainRoundMetrics.TestNdcg20] = testNdcg,
                [TrainRoundMetrics.NonZeros] = nonZeros,
            },
            Details = withDetails ? JsonSerializer.SerializeToElement(details, ContractJson.Options) : JsonSerializer.SerializeToElement(new { }),
            StartedAt = started,
            FinishedAt = started.AddSeconds(SecondsPerJob),
        };
        Blobs.Put(BlobLayout.JobResult(RunId, jobId), JsonSerializer.SerializeToUtf8Bytes(result, ContractJson.Options));
    }
}
