using System.Reflection;

namespace Workflows.Contracts;

/// <summary>What code is running: the informational version the build stamps, <c>{version}+{git commit}</c>.</summary>
public static class BuildInfo
{
    /// <summary>The informational version of <paramref name="type"/>'s assembly (its file version when none is stamped).</summary>
    public static string VersionOf(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? type.Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
