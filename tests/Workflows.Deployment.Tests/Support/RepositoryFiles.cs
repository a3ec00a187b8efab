using System.Reflection;

namespace Workflows.Deployment.Tests.Support;

/// <summary>Paths of the repository and of the NuGet-delivered bicep binary, recorded by the build.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string BicepExecutable { get; } = Path.GetFullPath(Metadata("BicepPath"));

    public static string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    public static string ReadText(params string[] relative)
    {
        string path = PathOf(relative);
        Assert.True(File.Exists(path), $"{path} does not exist");
        return File.ReadAllText(path);
    }

    private static string Metadata(string key) =>
        typeof(RepositoryFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing: see Workflows.Deployment.Tests.csproj");
}
