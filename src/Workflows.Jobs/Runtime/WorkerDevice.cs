using System.Diagnostics;
using TorchSharp;
using Workflows.Jobs.Processing;
using Workflows.Torch;

namespace Workflows.Jobs.Runtime;

/// <summary>
/// What a worker's jobs run on, as its time metrics tag it: <c>device</c>, <c>cpu</c> or <c>cuda</c> (the TorchSharp
/// device <see cref="WorkerOptions.Device"/> resolves to), and for CUDA the configured <see cref="WorkerOptions.GpuType"/>
/// as <c>gpu.type</c> when there is one; each job's <see cref="Workflows.Contracts.JobResult.Device"/> records its <see cref="Description"/>.
/// </summary>
public sealed record WorkerDevice(string Device, string? GpuType)
{
    public static WorkerDevice Resolve(WorkerOptions options)
    {
        bool cuda = TorchDevices.Parse(options.Device).type == DeviceType.CUDA;
        return new WorkerDevice(cuda ? "cuda" : "cpu", cuda && !string.IsNullOrWhiteSpace(options.GpuType) ? options.GpuType.Trim() : null);
    }

    /// <summary>The device as a job's result records it: <c>cpu</c>, <c>cuda</c>, or <c>cuda (A100)</c> with a GPU type.</summary>
    public string Description => GpuType is null ? Device : $"{Device} ({GpuType})";

    /// <summary><paramref name="tags"/> with this device's tags added.</summary>
    public TagList Tag(TagList tags)
    {
        tags.Add("device", Device);
        if (GpuType is not null)
        {
            tags.Add("gpu.type", GpuType);
        }

        return tags;
    }
}
