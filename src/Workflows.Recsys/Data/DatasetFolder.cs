namespace Workflows.Recsys.Data;

/// <summary>Loads a dataset folder by the files it holds.</summary>
public static class DatasetFolder
{
    /// <summary>
    /// <c>train.txt</c> + <c>test.txt</c>: LightGCN text format; <c>train.tsv</c> + <c>test.tsv</c> (or <c>.csv</c>):
    /// pre-split interaction tables (extra columns ignored); a single <c>interactions.csv</c>/<c>.tsv</c>: one table
    /// split per user by <paramref name="split"/>.
    /// </summary>
    /// <exception cref="DatasetFormatException">The folder does not exist or holds none of these layouts.</exception>
    public static InteractionLog Load(string folder, ITrainTestSplit split)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(split);
        if (!Directory.Exists(folder))
        {
            throw new DatasetFormatException(folder, 0, "the folder does not exist.");
        }

        string Path(string name) => System.IO.Path.Combine(folder, name);
        if (File.Exists(Path("train.txt")) && File.Exists(Path("test.txt")))
        {
            return LightGcnTextFormat.Load(Path("train.txt"), Path("test.txt"));
        }

        foreach (var extension in new[] { ".tsv", ".csv" })
        {
            if (File.Exists(Path("train" + extension)) && File.Exists(Path("test" + extension)))
            {
                return InteractionTableFormat.LoadPreSplit(Path("train" + extension), Path("test" + extension), new InteractionTableOptions());
            }

            if (File.Exists(Path("interactions" + extension)))
            {
                return InteractionTableFormat.LoadAndSplit(Path("interactions" + extension), new InteractionTableOptions(), split);
            }
        }

        throw new DatasetFormatException(folder, 0, "expected train.txt + test.txt, train.tsv + test.tsv, train.csv + test.csv, or one interactions.csv/.tsv.");
    }
}
