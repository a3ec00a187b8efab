using static TorchSharp.torch;

namespace Workflows.Torch;

/// <summary>Chooses the device every TorchSharp path runs on.</summary>
public static class TorchDevices
{
    /// <summary>CUDA device 0 when libtorch sees a GPU, the CPU otherwise.</summary>
    public static Device Preferred() => cuda.is_available() ? CUDA : CPU;

    /// <summary>
    /// Parses <c>auto</c> (see <see cref="Preferred"/>), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is none of these, or CUDA was asked for and is absent.</exception>
    public static Device Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto")
        {
            return Preferred();
        }

        if (normalized == "cpu")
        {
            return CPU;
        }

        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new ArgumentException($"Device '{name}' was requested but no CUDA device is available.", nameof(name));
            }

            return normalized == "cuda" ? CUDA : device(normalized);
        }

        throw new ArgumentException($"Unknown device '{name}'; expected auto, cpu, cuda or cuda:N.", nameof(name));
    }
}
