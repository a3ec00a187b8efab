namespace Workflows.Contracts;

/// <summary>
/// A platform probe: fan out <see cref="Jobs"/> <c>platform.no-op</c> jobs through the real dispatch path and report each
/// job's dispatch-to-outcome latency. For operators (health and throughput) and the overhead benchmark; runs on any dataset.
/// </summary>
public sealed record PlatformProbeSpec
{
    /// <summary>Keeps the probe's per-job timings (about 50 bytes each) far below the engine's payload limits.</summary>
    public const int MaxJobs = 500;

    public int Jobs { get; init; } = 20;

    public IReadOnlyList<ValidationError> Validate(string field) =>
        Jobs is >= 1 and <= MaxJobs ? [] : [new($"{field}.jobs", $"must be between 1 and {MaxJobs}")];
}
