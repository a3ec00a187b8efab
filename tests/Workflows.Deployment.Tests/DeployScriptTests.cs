using Workflows.Deployment.Tests.Support;

namespace Workflows.Deployment.Tests;

public sealed class DeployScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task DryRun_FullDeployment_PrintsTheStepsInTheRequiredOrder()
    {
        ProcessResult result = await Deploy("--resource-group", "rg-test", "--location", "swedencentral", "--gpu", "A100", "--image-tag", "t1", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] commands = [.. result.StandardOutput.Split('\n').Where(l => l.StartsWith("+ ", StringComparison.Ordinal))];
        Assert.Equal(8, commands.Length);
        Assert.StartsWith("+ az group create --name rg-test", commands[0], StringComparison.Ordinal);
        Assert.Contains("deployEventSubscription=false", commands[1], StringComparison.Ordinal);
        Assert.Contains("gpuType=A100", commands[1], StringComparison.Ordinal);
        Assert.StartsWith("+ az acr build", commands[2], StringComparison.Ordinal);
        Assert.Contains("infra/worker.Dockerfile", commands[2], StringComparison.Ordinal);
        Assert.StartsWith("+ az acr build", commands[3], StringComparison.Ordinal);
        Assert.StartsWith("+ dotnet publish", commands[4], StringComparison.Ordinal);
        Assert.StartsWith("+ az functionapp deployment source config-zip", commands[6], StringComparison.Ordinal);
        Assert.Contains("deployEventSubscription=true", commands[7], StringComparison.Ordinal);
        Assert.Contains("workerImage=\\<CONTAINER_REGISTRY_LOGIN_SERVER\\>/workflows-worker:t1", commands[7], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--location swedencentral --dry-run", "--resource-group is required")]
    [InlineData("--resource-group rg --dry-run", "--location is required")]
    [InlineData("--resource-group rg --location westus --gpu V100 --dry-run", "--gpu must be T4 or A100")]
    [InlineData("--resource-group rg --location westus --bogus", "unknown argument '--bogus'")]
    public async Task Arguments_MissingOrWrong_StopWithAClearMessage(string arguments, string message)
    {
        ProcessResult result = await Deploy(arguments.Split(' '));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("+ az", result.StandardOutput, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> Deploy(params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [RepositoryFiles.PathOf("infra", "deploy.sh"), .. arguments], RepositoryFiles.Root, Timeout);
}
