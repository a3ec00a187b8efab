using System.Reflection;
using static TorchSharp.torch;

namespace Workflows.Torch;

/// <summary>The versions of the tensor stack this process computes with, for a run's provenance.</summary>
public static class TorchVersions
{
    /// <summary><c>TorchSharp</c> (the managed package) and <c>libtorch</c> (the native library it loaded).</summary>
    public static IReadOnlyDictionary<string, string> Current() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["TorchSharp"] = typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["libtorch"] = __version__,
    };
}
