using Workflows.Recsys.Data;

namespace Workflows.Recsys.Tests;

public class LoaderTests
{
    [Fact]
    public void LoadPreSplit_LastFmSample_CountsMatchTheDataReadme()
    {
        var folder = TestData.LastFmFolder;

        var log = InteractionTableFormat.LoadPreSplit(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"), new InteractionTableOptions());

        Assert.Equal(42_135, log.Train.Count);
        Assert.Equal(10_533, log.Test.Count);
        Assert.Equal(1_878, log.Train.Users.Distinct().Count());
        Assert.Equal(4_476, log.Train.Items.Distinct().Count());
        Assert.Equal(1_858, log.Test.Users.Distinct().Count());
        Assert.Equal(3_285, log.Test.Items.Distinct().Count());
    }

    [Fact]
    public void Load_LightGcnEmptyUserLine_LoadsUserWithoutItems()
    {
        var train = TestData.TempFile("train.txt", "0 1 2\n1\n2 0\n");
        var test = TestData.TempFile("test.txt", "0 0\n2 2\n");

        var log = LightGcnTextFormat.Load(train, test);

        Assert.Equal(3, log.Users.Count);
        Assert.Equal(3, log.Items.Count);
        Assert.Equal([0, 0, 2], log.Train.Users);
        Assert.Equal([1, 2, 0], log.Train.Items);
    }

    [Theory]
    [InlineData("0 1 2\n1 x 3\n", 2, "item id 'x'")]
    [InlineData("0 1\nuser7 1\n", 2, "user id 'user7'")]
    [InlineData("0 1 2\n1 3 3\n", 2, "item 3 appears twice")]
    [InlineData("0 1\n1 2\n0 3\n", 3, "already listed on line 1")]
    [InlineData("0 -1\n", 1, "'-1' is not a non-negative integer")]
    public void Load_MalformedLightGcnLine_ErrorNamesFileAndLine(string content, int line, string problem)
    {
        var train = TestData.TempFile("train.txt", content);
        var test = TestData.TempFile("test.txt", "0 1\n");

        var error = Assert.Throws<DatasetFormatException>(() => LightGcnTextFormat.Load(train, test));

        Assert.Equal(train, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"{train}:{line}: ", error.Message);
    }

    [Theory]
    [InlineData("train.txt", "")]
    [InlineData("train.csv", "\n\n")]
    public void Load_EmptyFile_ErrorNamesFile(string name, string content)
    {
        var path = TestData.TempFile(name, content);

        var error = name.EndsWith(".txt", StringComparison.Ordinal)
            ? Assert.Throws<DatasetFormatException>(() => LightGcnTextFormat.Load(path, TestData.TempFile("test.txt", "0 1\n")))
            : Assert.Throws<DatasetFormatException>(() => InteractionTableFormat.ReadRows(path, new InteractionTableOptions()));

        Assert.Equal(path, error.File);
        Assert.Contains("empty file", error.Message);
    }

    [Theory]
    [InlineData("u1,i1\nu2,i2,5\n", false, 2, "expected 2 columns")]
    [InlineData("u1\n", false, 1, "expected 2 to 4 columns")]
    [InlineData("u1,i1,4\nu1,i1,3\n", false, 2, "duplicate interaction (user 'u1', item 'i1'), first on line 1")]
    [InlineData("user,item,rating\nu1,i1,high\n", true, 2, "rating 'high' is not a number")]
    [InlineData("u1,i1\n", true, 1, "no rating column")]
    public void ReadRows_MalformedTable_ErrorNamesFileAndLine(string content, bool withThreshold, int line, string problem)
    {
        var path = TestData.TempFile("ratings.csv", content);
        var options = new InteractionTableOptions { RatingThreshold = withThreshold ? 1 : null };

        var error = Assert.Throws<DatasetFormatException>(() => InteractionTableFormat.ReadRows(path, options));

        Assert.Equal(path, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void LoadAndSplit_HeaderStringIdsThreshold_RemapsAndFilters()
    {
        var path = TestData.TempFile("ratings.csv", "userId,movieId,rating,timestamp\nbob,m2,5,30\nbob,m1,2,10\nann,m1,4,20\nbob,m3,4,40\nann,m3,5,50\n");

        var log = InteractionTableFormat.LoadAndSplit(path, new InteractionTableOptions { RatingThreshold = 4 }, new LeaveLastOutSplit(1));

        Assert.Equal(["ann", "bob"], log.Users.Originals);
        Assert.Equal(["m1", "m2", "m3"], log.Items.Originals);
        // bob keeps m2 (t=30) in train, m3 (t=40) is his last; ann: m1 (t=20) train, m3 (t=50) test. bob's m1 is below the threshold.
        Assert.Equal([(0, 0), (1, 1)], log.Train.Users.Zip(log.Train.Items));
        Assert.Equal([(0, 2), (1, 2)], log.Test.Users.Zip(log.Test.Items));
    }

    [Fact]
    public void Prepare_UsersAndItemsOnlyInTest_DroppedAndCounted()
    {
        var train = TestData.TempFile("train.txt", "0 0 1\n1 1\n2\n");
        var test = TestData.TempFile("test.txt", "0 2\n1 0\n2 0\n3 1\n");

        var dataset = DatasetPreparation.Prepare("tiny", LightGcnTextFormat.Load(train, test), PreparationOptions.WithoutValidation);

        // (0, 2): item 2 has no train interaction; (2, 0) and (3, 1): users 2 and 3 have no train interaction.
        Assert.Equal(1, dataset.Test.Count);
        Assert.True(dataset.Test.Contains(1, 0));
        Assert.Equal(3, dataset.Report.DroppedTestInteractions);
        Assert.Equal(2, dataset.Report.DroppedTestUsers);
    }

    [Fact]
    public void Prepare_ValidationFraction_CarvesSeededShareFromTrainOnly()
    {
        var first = TestData.Synthetic(validationFraction: 0.2);
        var second = TestData.Synthetic(validationFraction: 0.2);
        var none = TestData.Synthetic(validationFraction: 0);

        Assert.Equal(none.Train.Count, first.Train.Count + first.Validation.Count);
        Assert.Equal(first.Validation.Items.ToArray(), second.Validation.Items.ToArray());
        for (var user = 0; user < first.UserCount; user++)
        {
            var expected = Math.Max(1, (int)Math.Round(0.2 * none.Train.DegreeOf(user), MidpointRounding.AwayFromZero));
            Assert.Equal(expected, first.Validation.DegreeOf(user));
            foreach (var item in first.Validation.ItemsOf(user))
            {
                Assert.False(first.Train.Contains(user, item));
            }
        }
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Load_GowallaFiles_CountsMatchTheDataReadme()
    {
        var folder = TestData.RequireGowalla();

        var log = LightGcnTextFormat.Load(Path.Combine(folder, "train.txt"), Path.Combine(folder, "test.txt"));
        var dataset = DatasetPreparation.Prepare("gowalla", log, PreparationOptions.WithoutValidation);

        Assert.Equal(29_858, dataset.UserCount);
        Assert.Equal(40_981, dataset.ItemCount);
        Assert.Equal(810_128, dataset.Train.Count);
        Assert.Equal(217_242, dataset.Test.Count);
        Assert.Equal(8, dataset.Statistics().MinTrainItemsPerUser);
        Assert.Equal(811, dataset.Statistics().MaxTrainItemsPerUser);
    }
}
