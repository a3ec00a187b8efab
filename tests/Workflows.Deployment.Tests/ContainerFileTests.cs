using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workflows.Deployment.Tests.Support;
using Workflows.LocalStack;

namespace Workflows.Deployment.Tests;

public sealed partial class ContainerFileTests
{
    [Fact]
    public void WorkerDockerfile_Runtime_IsCudaWithTheCudaTorchSharpSelectedAtBuild()
    {
        string dockerfile = RepositoryFiles.ReadText("infra", "worker.Dockerfile");
        IReadOnlyDictionary<string, string> args = BuildArgs(dockerfile);

        Assert.StartsWith("nvidia/cuda:", args["CUDA_BASE_IMAGE"], StringComparison.Ordinal);
        Assert.Contains("FROM ${CUDA_BASE_IMAGE} AS runtime", dockerfile, StringComparison.Ordinal);
        Assert.Equal("TorchSharp-cuda-linux", args["TORCHSHARP_PACKAGE"]);
        Assert.Equal(TorchSharpCpuVersion(), args["TORCHSHARP_VERSION"]);
        Assert.Contains("-p:CustomAfterMicrosoftCommonTargets=/src/infra/TorchSharpCuda.targets", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-p:TorchSharpPackage=\"${TORCHSHARP_PACKAGE}\"", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerDockerfile_Environment_HasTheLocalStacksAllocatorSettings()
    {
        string dockerfile = RepositoryFiles.ReadText("infra", "worker.Dockerfile");

        Assert.NotEmpty(WorkerAllocator.Environment);
        Assert.All(WorkerAllocator.Environment, setting =>
            Assert.Matches($@"(ENV|\s)\s*{setting.Key}={setting.Value}\s", dockerfile));
    }

    [Fact]
    public void TorchSharpCudaTargets_SwapsThePackageOfTheTorchProjectOnly()
    {
        XDocument targets = XDocument.Parse(RepositoryFiles.ReadText("infra", "TorchSharpCuda.targets"));
        XElement group = targets.Root!.Element("ItemGroup")!;
        string torchProject = RepositoryFiles.ReadText("src", "Workflows.Torch", "Workflows.Torch.csproj");

        Assert.Contains("'$(MSBuildProjectName)' == 'Workflows.Torch'", group.Attribute("Condition")!.Value, StringComparison.Ordinal);
        Assert.Equal("TorchSharp-cpu", group.Elements("PackageReference").Single(e => e.Attribute("Remove") is not null).Attribute("Remove")!.Value);
        Assert.Equal("$(TorchSharpPackage)", group.Elements("PackageReference").Single(e => e.Attribute("Include") is not null).Attribute("Include")!.Value);
        Assert.Contains("<PackageReference Include=\"TorchSharp-cpu\" />", torchProject, StringComparison.Ordinal);
    }

    [Fact]
    public void HostDockerfile_PublishesTheStandaloneHostAndListensBeyondLoopback()
    {
        string dockerfile = RepositoryFiles.ReadText("infra", "host.Dockerfile");

        Assert.Contains("dotnet publish src/Workflows.Host/Workflows.Host.csproj", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryFiles.PathOf("src", "Workflows.Host", "Workflows.Host.csproj")));
        Assert.Contains("Workflows__Api__BindAddress", DockerfileEnvironmentKeys("host.Dockerfile"));
    }

    [Fact]
    public void Compose_Services_AreAzuriteEmulatorHostAndWorkers()
    {
        string compose = RepositoryFiles.ReadText("infra", "docker-compose.yml");

        Assert.Equal(["azurite", "host", "servicebus-emulator", "sqledge", "worker", "worker-gpu"], SettingsSources.ComposeServices().Order());
        Assert.Contains("./servicebus-emulator/Config.json:/ServiceBus_Emulator/ConfigFiles/Config.json", compose, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentEmulator=true", SettingsSources.ComposeEnvironment("worker")["Workflows__ServiceBus__ConnectionString"], StringComparison.Ordinal);
        Assert.Contains("--skipApiVersionCheck", compose, StringComparison.Ordinal);
    }

    /// <summary>The <c>Workflows__...</c> names an infra Dockerfile sets with ENV (one per line or continued).</summary>
    internal static IEnumerable<string> DockerfileEnvironmentKeys(string fileName) =>
        EnvironmentKey().Matches(RepositoryFiles.ReadText("infra", fileName)).Select(m => m.Groups[1].Value).ToList();

    private static Dictionary<string, string> BuildArgs(string dockerfile) =>
        BuildArg().Matches(dockerfile).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    private static string TorchSharpCpuVersion() =>
        XDocument.Parse(RepositoryFiles.ReadText("Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => e.Attribute("Include")!.Value == "TorchSharp-cpu").Attribute("Version")!.Value;

    [GeneratedRegex(@"^ARG (\w+)=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex BuildArg();

    [GeneratedRegex(@"(Workflows__\w+)=")]
    private static partial Regex EnvironmentKey();
}
