using Microsoft.Extensions.Options;
using Workflows.Infrastructure.Options;

namespace Workflows.Jobs.Processing;

/// <summary><c>Workflows:Worker</c>: one worker process.</summary>
public sealed class WorkerOptions
{
    public const string Section = WorkflowsSettings.Root + ":Worker";

    /// <summary>Names the worker in outcomes and heartbeats; <c>{machine}-{pid}</c> when empty.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Jobs run at once (one per GPU is the norm).</summary>
    public int Slots { get; set; } = 1;

    /// <summary><c>auto</c> (CUDA when present), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>The GPU model as the deployment knows it (e.g. <c>A100</c>): the <c>gpu.type</c> tag of CUDA jobs' time metrics.</summary>
    public string? GpuType { get; set; }

    public string EffectiveWorkerId => string.IsNullOrWhiteSpace(WorkerId) ? $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}" : WorkerId;
}

internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    private static readonly string[] DeviceNames = ["auto", "cpu", "cuda"];

    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var errors = new List<string>();
        if (options.Slots is < 1 or > 64)
        {
            errors.Add($"{WorkerOptions.Section}:Slots must be between 1 and 64");
        }

        string device = options.Device.Trim().ToLowerInvariant();
        if (!DeviceNames.Contains(device) && !(device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], out int index) && index >= 0))
        {
            errors.Add($"{WorkerOptions.Section}:Device '{options.Device}' must be auto, cpu, cuda or cuda:N");
        }

        if (options.GpuType is { Length: > 64 })
        {
            errors.Add($"{WorkerOptions.Section}:GpuType must be at most 64 characters");
        }

        if (options.WorkerId is { Length: > 128 })
        {
            errors.Add($"{WorkerOptions.Section}:WorkerId must be at most 128 characters");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
