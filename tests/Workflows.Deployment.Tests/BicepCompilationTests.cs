using Workflows.Deployment.Tests.Support;

namespace Workflows.Deployment.Tests;

[Collection(BicepCollection.Name)]
public sealed class BicepCompilationTests(BicepFixture bicep)
{
    [Fact]
    public void Build_MainTemplate_CompilesWithoutDiagnostics()
    {
        Assert.True(bicep.Build.ExitCode == 0, bicep.Build.ToString());
        Assert.Equal("", bicep.Build.StandardError.Trim());
        Assert.Equal("2.0", bicep.Main.Json["languageVersion"]!.GetValue<string>());
    }

    [Fact]
    public void BuildParams_ParametersFile_CompilesWithoutDiagnostics()
    {
        Assert.True(bicep.BuildParameters.ExitCode == 0, bicep.BuildParameters.ToString());
        Assert.Equal("", bicep.BuildParameters.StandardError.Trim());
    }

    [Fact]
    public void Lint_EveryBicepFile_HasNoErrorsOrWarnings()
    {
        Assert.True(bicep.Lint.ExitCode == 0, bicep.Lint.ToString());
        Assert.Empty(bicep.LintDiagnostics);
    }

    [Fact]
    public void Lint_AllModules_AreCoveredByThePattern()
    {
        string[] modules = [.. Directory.GetFiles(Path.Combine(BicepFixture.BicepDirectory, "modules"), "*.bicep").Select(Path.GetFileNameWithoutExtension).Order()!];
        Assert.Equal(["containerapps", "eventgrid", "functionapp", "monitoring", "rbac", "servicebus", "storage"], modules);
    }

    [Fact]
    public void Templates_UsePlainResources_NoRegistryModules()
    {
        foreach (string file in Directory.GetFiles(BicepFixture.BicepDirectory, "*.bicep", SearchOption.AllDirectories))
        {
            string[] modulePaths = [.. System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), @"^module \w+ '([^']+)'", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value)];
            Assert.All(modulePaths, path => Assert.StartsWith("modules/", path, StringComparison.Ordinal));
            Assert.Equal(Path.GetFileName(file) == "main.bicep" ? 7 : 0, modulePaths.Length);
        }
    }
}
