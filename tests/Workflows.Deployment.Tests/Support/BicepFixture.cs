using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Deployment.Tests.Support;

/// <summary>
/// Compiles bicep/main.bicep and lints every Bicep file once per test run with the NuGet-delivered CLI (offline).
/// </summary>
public sealed class BicepFixture : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string BicepDirectory => RepositoryFiles.PathOf("bicep");

    internal ProcessResult Build { get; private set; } = null!;

    internal ProcessResult Lint { get; private set; } = null!;

    internal ProcessResult BuildParameters { get; private set; } = null!;

    /// <summary>The compiled ARM template of main.bicep.</summary>
    internal ArmTemplate Main { get; private set; } = null!;

    /// <summary>Every diagnostic of <c>bicep lint</c> over all files (SARIF results: level, rule, file, message).</summary>
    internal IReadOnlyList<string> LintDiagnostics { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Build = await Bicep("build", "main.bicep", "--stdout");
        BuildParameters = await Bicep("build-params", "main.bicepparam", "--stdout");
        Lint = await Bicep("lint", "--pattern", "**/*.bicep*", "--diagnostics-format", "sarif");
        LintDiagnostics = ParseSarif(Lint.StandardOutput);
        if (Build.ExitCode == 0)
        {
            Main = ArmTemplate.Root(JsonNode.Parse(Build.StandardOutput)!.AsObject());
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Task<ProcessResult> Bicep(params string[] arguments) =>
        ProcessRunner.RunAsync(RepositoryFiles.BicepExecutable, arguments, BicepDirectory, Timeout);

    // With --pattern the CLI writes one SARIF document per file, back to back.
    private static List<string> ParseSarif(string output)
    {
        var diagnostics = new List<string>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            JsonObject document = JsonNode.Parse(ref reader)!.AsObject();
            foreach (JsonNode? run in document["runs"]!.AsArray())
            {
                foreach (JsonNode? result in run!["results"]!.AsArray())
                {
                    string file = result!["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.GetValue<string>() ?? "?";
                    diagnostics.Add($"{result["level"]} {result["ruleId"]} {file}: {result["message"]?["text"]}");
                }
            }
        }

        return diagnostics;
    }
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepFixture>
{
    public const string Name = "Bicep";
}
