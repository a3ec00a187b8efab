namespace Workflows.Contracts.Tests;

public class NightlyIdentifiersTests
{
    [Fact]
    public void NightlyRetrainId_IsTheDatasetAndTheUtcDay() =>
        Assert.Equal("movies-nightly-20261201", Identifiers.NightlyRetrainId("movies", new DateOnly(2026, 12, 1)));

    /// <summary>Order of listing does not matter; a replaced file (new content hash) or a renamed one does.</summary>
    [Fact]
    public void DatasetContentHash_DependsOnEveryFilesPathAndContentOnly()
    {
        FileFingerprint train = new("train.tsv", "md5-a"), test = new("test.tsv", "md5-b");

        string hash = Identifiers.DatasetContentHash([train, test]);

        Assert.Equal(16, hash.Length);
        Assert.Equal(hash, Identifiers.DatasetContentHash([test, train]));
        Assert.NotEqual(hash, Identifiers.DatasetContentHash([train with { ContentHash = "md5-c" }, test]));
        Assert.NotEqual(hash, Identifiers.DatasetContentHash([train with { Path = "train2.tsv" }, test]));
    }

    [Fact]
    public void ModelPointer_RoundTripsThroughItsJson()
    {
        var pointer = new ModelPointer
        {
            Dataset = "movies", Model = "mf", PromotedBy = "movies-nightly-20261201", ContentHash = "0123456789abcdef", Backbone = "mf",
            Strategy = "imp", Seed = 3, Round = 2, TotalEntries = 1000, NonZeros = 640,
            TicketResult = "runs/r/jobs/j/result.json", RewindResult = "runs/r/jobs/d/result.json", Spec = new LotteryTicketSpec { TicketTolerance = 0.05 },
            JobDeadline = TimeSpan.FromMinutes(30), Metrics = new Dictionary<string, double> { ["test.recall@20"] = 0.25 },
            PromotedAt = new DateTimeOffset(2026, 12, 1, 2, 0, 5, TimeSpan.Zero),
        };

        var parsed = ModelPointer.Parse(ContractJson.SerializeToUtf8Bytes(pointer), "current.json");

        Assert.Equal(pointer with { Metrics = parsed.Metrics, Spec = parsed.Spec }, parsed);
        Assert.Equal(0.25, parsed.Metrics["test.recall@20"]);
        Assert.Equal(ContractJson.Serialize(pointer.Spec), ContractJson.Serialize(parsed.Spec));
    }
}
