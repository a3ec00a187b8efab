using Workflows.Recsys.Data;

namespace Workflows.Recsys.Tests;

public class PreparedDatasetFormatTests
{
    [Fact]
    public void Read_WrittenDataset_RoundTripsMatricesMapsAndReport()
    {
        var folder = TestData.LastFmFolder;
        var log = InteractionTableFormat.LoadPreSplit(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"), new InteractionTableOptions());
        var dataset = DatasetPreparation.Prepare("lastfm", log, new PreparationOptions(0.1, 9));
        using var buffer = new MemoryStream();

        PreparedDatasetFormat.Write(buffer, dataset);
        buffer.Position = 0;
        var read = PreparedDatasetFormat.Read(buffer);

        Assert.Equal("lastfm", read.Name);
        Assert.Equal(dataset.Users.Originals, read.Users.Originals);
        Assert.Equal(dataset.Items.Originals, read.Items.Originals);
        Assert.Equal(dataset.Report, read.Report);
        foreach (var (expected, actual) in new[] { (dataset.Train, read.Train), (dataset.Validation, read.Validation), (dataset.Test, read.Test) })
        {
            Assert.Equal(expected.Offsets.ToArray(), actual.Offsets.ToArray());
            Assert.Equal(expected.Items.ToArray(), actual.Items.ToArray());
        }

        Assert.True(read.Users.TryGetIndex("424", out var index));
        Assert.Equal("424", read.Users[index]);
    }

    [Fact]
    public void Read_OtherVersion_ErrorNamesVersion()
    {
        using var buffer = new MemoryStream();
        PreparedDatasetFormat.Write(buffer, TestData.Synthetic());
        var bytes = buffer.ToArray();
        bytes[8] = 99;

        var error = Assert.Throws<InvalidDataException>(() => PreparedDatasetFormat.Read(new MemoryStream(bytes), "runs/x/prepared/data.bin"));

        Assert.Equal("runs/x/prepared/data.bin: format version 99 is not supported (this code reads version 1).", error.Message);
    }

    [Fact]
    public void Read_Truncated_ErrorSaysTruncated()
    {
        using var buffer = new MemoryStream();
        PreparedDatasetFormat.Write(buffer, TestData.Synthetic());

        var error = Assert.Throws<InvalidDataException>(() => PreparedDatasetFormat.Read(new MemoryStream(buffer.ToArray()[..100]), "data.bin"));

        Assert.Equal("data.bin: truncated content.", error.Message);
    }
}
