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

    /// <summary>
    /// The first this many jobs throw in every attempt: a probe of the failure path (failure accounting, retries with
    /// backoff, attempt logs, the failed outcome at the retry budget, partial failure) on a live deployment.
    /// </summary>
    public int FailingJobs { get; init; }

    public IReadOnlyList<ValidationError> Validate(string field)
    {
        var errors = new List<ValidationError>();
        if (Jobs is < 1 or > MaxJobs)
        {
            errors.Add(new($"{field}.jobs", $"must be between 1 and {MaxJobs}"));
        }

        if (FailingJobs < 0 || FailingJobs > Jobs)
        {
            errors.Add(new($"{field}.failingJobs", $"must be between 0 and jobs ({Jobs})"));
        }

        return errors;
    }
}
