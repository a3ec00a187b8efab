using System.Text.Json.Nodes;

namespace Workflows.Functions.Tests.Support;

/// <summary>
/// The Functions app's build output, found relative to this test assembly: both projects build to
/// <c>{project}/bin/{configuration}/{framework}/</c>, so the app's folder is the same configuration and framework under
/// <c>src/Workflows.Functions</c>. The project reference makes the solution build the app first.
/// </summary>
internal static class FunctionsAppOutput
{
    private static readonly DirectoryInfo TestOutput = new(AppContext.BaseDirectory);

    /// <summary>The repository root: five levels above <c>tests/Workflows.Functions.Tests/bin/{configuration}/{framework}/</c>.</summary>
    public static string RepositoryRoot { get; } = TestOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string Folder { get; } =
        Path.Combine(RepositoryRoot, "src", "Workflows.Functions", "bin", TestOutput.Parent!.Name, TestOutput.Name);

    /// <summary>functions.metadata: one entry per function the worker's build found, with its bindings.</summary>
    public static JsonArray FunctionsMetadata => ReadJson("functions.metadata").AsArray();

    /// <summary>extensions.json: the host-side (WebJobs) extensions the build restored for the bindings in use.</summary>
    public static JsonObject ExtensionsJson => ReadJson("extensions.json").AsObject();

    public static JsonObject HostJson => ReadJson("host.json").AsObject();

    public static string ReadRepositoryText(params string[] relative) => File.ReadAllText(Path.Combine([RepositoryRoot, .. relative]));

    /// <summary>The Values of local.settings.sample, as Core Tools hands them to the app (environment-variable names).</summary>
    public static Dictionary<string, string?> LocalSettingsSample() =>
        JsonNode.Parse(ReadRepositoryText("local.settings.sample"))!["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);

    private static JsonNode ReadJson(string name)
    {
        string path = Path.Combine(Folder, name);
        Assert.True(File.Exists(path), $"{path} does not exist: build the solution (or src/Workflows.Functions) first");
        return JsonNode.Parse(File.ReadAllText(path))!;
    }
}
