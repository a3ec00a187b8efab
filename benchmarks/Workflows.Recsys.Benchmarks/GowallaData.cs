using Workflows.Recsys.Data;

namespace Workflows.Recsys.Benchmarks;

/// <summary>Loads Gowalla from ../shared/data (or WORKFLOWS_SHARED_DATA) and fails clearly when it is absent.</summary>
internal static class GowallaData
{
    public static PreparedDataset Load()
    {
        var root = Environment.GetEnvironmentVariable("WORKFLOWS_SHARED_DATA") is { Length: > 0 } overridden
            ? overridden
            : Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "data"));
        var folder = Path.Combine(root, "gowalla");
        if (!File.Exists(Path.Combine(folder, "train.txt")) || !File.Exists(Path.Combine(folder, "test.txt")))
        {
            throw new FileNotFoundException($"Gowalla is missing: expected train.txt and test.txt in '{folder}' (set WORKFLOWS_SHARED_DATA to the folder holding gowalla/).");
        }

        return DatasetPreparation.Prepare("gowalla", DatasetFolder.Load(folder, new RatioSplit(0.2, 0)), PreparationOptions.WithoutValidation);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Workflows.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Environment.CurrentDirectory;
    }
}
