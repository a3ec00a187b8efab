using Workflows.Recsys.Data;
using Workflows.Torch;

namespace Workflows.Recsys.Tests;

/// <summary>Synthetic datasets and paths to the real data.</summary>
internal static class TestData
{
    /// <summary>The repository root (the folder holding Workflows.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string LastFmFolder => Path.Combine(RepositoryRoot, "samples", "lastfm");

    /// <summary>../shared/data from the repository root, or WORKFLOWS_SHARED_DATA.</summary>
    public static string SharedData =>
        Environment.GetEnvironmentVariable("WORKFLOWS_SHARED_DATA") is { Length: > 0 } overridden
            ? overridden
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>The Gowalla folder; fails (never skips) with a clear message when absent.</summary>
    public static string RequireGowalla()
    {
        var folder = Path.Combine(SharedData, "gowalla");
        Assert.True(File.Exists(Path.Combine(folder, "train.txt")) && File.Exists(Path.Combine(folder, "test.txt")),
            $"Gowalla is missing: expected train.txt and test.txt in '{folder}' (set WORKFLOWS_SHARED_DATA to the folder holding gowalla/).");
        return folder;
    }

    /// <summary>A seeded random implicit dataset: every user has 6..11 train and 1..3 test items.</summary>
    public static PreparedDataset Synthetic(int users = 24, int items = 40, ulong seed = 7, double validationFraction = 0.2)
    {
        var random = new SplitMix64(seed);
        var trainUsers = new List<int>();
        var trainItems = new List<int>();
        var testUsers = new List<int>();
        var testItems = new List<int>();
        for (var user = 0; user < users; user++)
        {
            var chosen = new HashSet<int>();
            var trainCount = 6 + random.NextInt(6);
            var testCount = 1 + random.NextInt(3);
            // Users prefer a block of items so that a model can learn something.
            var block = (user % 4) * (items / 4);
            while (chosen.Count < trainCount + testCount)
            {
                var item = random.NextInt(4) == 0 ? random.NextInt(items) : block + random.NextInt(items / 4);
                chosen.Add(item);
            }

            var ordered = chosen.ToArray();
            for (var k = 0; k < ordered.Length; k++)
            {
                (k < trainCount ? trainUsers : testUsers).Add(user);
                (k < trainCount ? trainItems : testItems).Add(ordered[k]);
            }
        }

        var log = new InteractionLog(IdMap.Sequential(users), IdMap.Sequential(items),
            new InteractionPairs([.. trainUsers], [.. trainItems]), new InteractionPairs([.. testUsers], [.. testItems]));
        return DatasetPreparation.Prepare("synthetic", log, new PreparationOptions(validationFraction, ValidationSeed: 3));
    }

    /// <summary>Writes <paramref name="content"/> to a new temporary file named <paramref name="name"/>.</summary>
    public static string TempFile(string name, string content)
    {
        var folder = Path.Combine(Path.GetTempPath(), "wf-recsys-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Workflows.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Workflows.sln not found above the test output folder.");
    }
}
