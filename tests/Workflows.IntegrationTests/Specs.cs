namespace Workflows.IntegrationTests;

/// <summary>Run specs small enough for a 2-core CI machine.</summary>
internal static class Specs
{
    /// <summary>Issue 5's happy path: MF and LightGCN, IMP and random, 3 rounds of 20 %, 2 epochs per round.</summary>
    public const string HappyPath = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf", "lightgcn" ], "strategies": [ "imp", "random" ], "seeds": [ 2020 ],
            "rounds": 3, "pruningRate": 0.2, "stopAfterRounds": 3, "ticketTolerance": 0.05,
            "embeddingSize": 16, "layers": 2, "epochs": 2, "evaluateEvery": 2, "batchSize": 4096, "learningRate": 0.005
          },
          "maxConcurrentJobs": 4,
          "jobDeadline": "00:10:00"
        }
        """;

    /// <summary>One job: the dense MF round, one epoch.</summary>
    public const string SingleJob = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf" ], "strategies": [ "imp" ], "seeds": [ 7 ], "rounds": 0,
            "embeddingSize": 8, "epochs": 1, "evaluateEvery": 1, "batchSize": 8192
          },
          "jobDeadline": "00:05:00"
        }
        """;

    /// <summary>
    /// One dense MF round long enough to be interrupted: <see cref="LongRoundEpochs"/> epochs of small batches, no early
    /// stop (patience above the evaluation count).
    /// </summary>
    public const string LongRound = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf" ], "strategies": [ "imp" ], "seeds": [ 11 ], "rounds": 0,
            "embeddingSize": 16, "epochs": 30, "evaluateEvery": 10, "patience": 10, "batchSize": 1024
          },
          "jobDeadline": "00:10:00"
        }
        """;

    public const int LongRoundEpochs = 30;

    public const int LongRoundSeed = 11;

    /// <summary>An <c>imp</c> search of rounds 0, 1 and 2 in sequence, <see cref="CancelRetryEpochs"/> epochs each, no early stop.</summary>
    public const string CancelRetry = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf" ], "strategies": [ "imp" ], "seeds": [ 13 ], "rounds": 2, "pruningRate": 0.2, "stopAfterRounds": 3,
            "embeddingSize": 16, "epochs": 8, "evaluateEvery": 4, "patience": 10, "batchSize": 1024
          },
          "jobDeadline": "00:10:00"
        }
        """;

    public const int CancelRetryEpochs = 8;

    public const int CancelRetrySeed = 13;

    /// <summary>
    /// Three dense MF rounds (one per seed) at once: on the fault stack's two workers one of them waits in the queue. A
    /// 45-second job deadline (the shortest allowed is 10) lets a message lost while queued be re-dispatched quickly.
    /// </summary>
    public const string ThreeSeeds = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf" ], "strategies": [ "imp" ], "seeds": [ 21, 22, 23 ], "rounds": 0,
            "embeddingSize": 16, "epochs": 6, "evaluateEvery": 3, "patience": 10, "batchSize": 1024
          },
          "jobDeadline": "00:00:45"
        }
        """;

    public static IReadOnlyList<int> ThreeSeedsSeeds { get; } = [21, 22, 23];

    /// <summary>A platform probe of two no-op jobs: the whole job path, no training.</summary>
    public const string Probe = """{ "family": "platform-probe", "platformProbe": { "jobs": 2 }, "jobDeadline": "00:05:00" }""";

    /// <summary>Epochs per round of <see cref="HappyPath"/>.</summary>
    public const int HappyPathEpochs = 2;

    /// <summary>Jobs of <see cref="HappyPath"/>: a dense round per backbone, then 3 levels per (backbone × strategy) search.</summary>
    public const int HappyPathJobs = 2 + (2 * 2 * 3);

    /// <summary>The remaining fraction after 3 rounds of 20 %.</summary>
    public const double HappyPathFinalRemaining = 0.8 * 0.8 * 0.8;
}
