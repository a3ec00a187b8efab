namespace Workflows.Testing;

public static class RepositoryPaths
{
    /// <summary>The repository root: the first folder above the test binaries holding <c>Directory.Packages.props</c>.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Directory.Packages.props above {AppContext.BaseDirectory}");
    }
}
