using System.Diagnostics;
using System.Reflection;

namespace Workflows.LocalStack;

/// <summary>Where the programs the stack runs were built, as baked into this assembly by its project file.</summary>
internal static class StackPrograms
{
    public const string BrokerHost = "Workflows.Broker.Host";
    public const string Host = "Workflows.Host";
    public const string Worker = "Workflows.Worker";

    private static readonly Dictionary<string, string> Metadata = typeof(StackPrograms).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Value is not null)
        .ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);

    public static string RepositoryRoot => Metadata.TryGetValue("RepositoryRoot", out var root)
        ? Path.TrimEndingDirectorySeparator(root)
        : throw new LocalStackException("this build of Workflows.LocalStack does not know the repository root");

    /// <summary><c>dotnet &lt;program&gt;.dll</c> with the given environment.</summary>
    public static ProcessStartInfo StartInfo(string program, IReadOnlyDictionary<string, string> environment)
    {
        if (!Metadata.TryGetValue($"StackProgram:{program}", out var path))
        {
            throw new LocalStackException($"{program} is not part of this build of Workflows.LocalStack");
        }

        if (!File.Exists(path))
        {
            throw new LocalStackException($"{program} was not built: {path} is missing (build src/Workflows.LocalStack)");
        }

        var startInfo = new ProcessStartInfo(DotnetHost()) { ArgumentList = { path }, WorkingDirectory = Path.GetDirectoryName(path)! };
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>The dotnet executable running us (set by the SDK for <c>dotnet test</c> and <c>dotnet run</c>), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
