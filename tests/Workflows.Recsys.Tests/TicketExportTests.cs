using System.IO.Compression;
using System.Runtime.InteropServices;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Recsys.Rounds;
using Workflows.Torch.Npy;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class TicketExportTests
{
    private static readonly PreparedDataset Dataset = TestData.Synthetic();

    /// <summary>Runs IMP rounds 0 and 1 of a small LightGCN and exports round 1's ticket.</summary>
    private static async Task<(RoundResult Result, byte[] Archive)> ExportRoundOneAsync()
    {
        var spec = new RoundSpec
        {
            Backbone = Backbone.LightGcn, Strategy = PruningStrategy.Imp, Round = 0, EmbeddingSize = 8, Layers = 2,
            Training = new TrainingOptions { BatchSize = 32, MaxEpochs = 2, EvaluateEvery = 2, ReportedKs = [10] },
        };
        var runner = new LotteryRoundRunner(CPU);
        var round0 = new InMemoryRoundArtifacts();
        await runner.RunAsync(Dataset, spec, RoundInputs.None, round0);
        var round1 = new InMemoryRoundArtifacts();
        var spec1 = spec with { Round = 1 };
        var result = await runner.RunAsync(Dataset, spec1, RoundInputs.For(PruningStrategy.Imp, 1, (_, artifact) => round0.OpenRead(artifact)), round1);
        using var archive = new MemoryStream();
        TicketExport.Write(archive, Dataset, spec1, NpyFormat.Read(round1.OpenRead(RoundArtifact.Weights)), NpyFormat.Read(round1.OpenRead(RoundArtifact.Mask)), CPU);
        return (result, archive.ToArray());
    }

    [Fact]
    public async Task Write_ImpRoundOne_NpzHoldsExactNonZerosAndScoresOriginalIds()
    {
        var (result, archive) = await ExportRoundOneAsync();

        var arrays = NpzArchive.Read(new MemoryStream(archive));
        var scorer = TicketScorer.Load(new MemoryStream(archive));

        Assert.Equal(result.Sparsity.RemainingWeights, arrays["weights"].AsFloats().ToArray().LongCount(w => w != 0));
        Assert.Equal(result.Sparsity.RemainingWeights, MaskPruning.CountKept(arrays["mask"].AsBooleans()));
        Assert.Equal(Dataset.Users.Originals, arrays["user_ids"].AsStrings());
        Assert.Equal(Dataset.Items.Originals, arrays["item_ids"].AsStrings());
        var top = scorer.Recommend("5", 3);
        Assert.Equal(3, top.Count);
        Dataset.Users.TryGetIndex("5", out var user);
        Assert.All(top, id => { Dataset.Items.TryGetIndex(id, out var item); Assert.False(Dataset.Train.Contains(user, item)); });
        Assert.Throws<KeyNotFoundException>(() => scorer.Recommend("no-such-user", 3));
    }

    [Fact]
    public async Task Write_ImpRoundOne_CooArraysHoldTheRecordedNonZerosAndRebuildTheMaskedTableBitForBit()
    {
        var (result, archive) = await ExportRoundOneAsync();

        // Read entry by entry, as numpy.load does: a ZIP of "{name}.npy" files.
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        NpyArray Entry(string name)
        {
            using var stream = zip.GetEntry(name + ".npy")!.Open();
            return NpyFormat.Read(stream, name);
        }

        var rows = Entry("coo_row");
        var columns = Entry("coo_col");
        var values = Entry("coo_data");
        var shape = Entry("shape").AsInt64().ToArray();
        var weights = Entry("weights");
        var mask = Entry("mask").AsBooleans().ToArray();

        var expectedShape = new long[] { Dataset.UserCount + Dataset.ItemCount, 8 };
        Assert.Equal(expectedShape, shape);
        Assert.Equal(expectedShape, weights.Shape);
        Assert.Equal([result.Sparsity.RemainingWeights], rows.Shape);
        Assert.Equal([result.Sparsity.RemainingWeights], columns.Shape);
        Assert.Equal([result.Sparsity.RemainingWeights], values.Shape);
        var rebuilt = new float[shape[0] * shape[1]];
        var previous = -1L;
        for (var k = 0; k < rows.Length; k++)
        {
            var index = rows.AsInt32()[k] * shape[1] + columns.AsInt32()[k];
            Assert.True(index > previous, $"entry {k} is not in row-major order");
            Assert.Equal(1, mask[index]);
            rebuilt[index] = values.AsFloats()[k];
            previous = index;
        }

        Assert.Equal(MemoryMarshal.Cast<float, int>(weights.AsFloats()).ToArray(), MemoryMarshal.Cast<float, int>(rebuilt).ToArray());
    }
}
