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

    /// <summary>Epochs per round of <see cref="HappyPath"/>.</summary>
    public const int HappyPathEpochs = 2;

    /// <summary>Jobs of <see cref="HappyPath"/>: a dense round per backbone, then 3 levels per (backbone × strategy) search.</summary>
    public const int HappyPathJobs = 2 + (2 * 2 * 3);

    /// <summary>The remaining fraction after 3 rounds of 20 %.</summary>
    public const double HappyPathFinalRemaining = 0.8 * 0.8 * 0.8;
}
