namespace Workflows.Contracts;

public enum ExperimentFamily
{
    LotteryTicket,
    GalaxyPainting,

    /// <summary>No-op jobs that measure the platform itself (<see cref="PlatformProbeSpec"/>).</summary>
    PlatformProbe,
}

/// <summary>
/// What to run on a dataset. The resolved spec (defaults filled in) is stored at <c>runs/{runId}/spec.json</c> and hashed
/// into the run id, so two specs on one dataset never collide.
/// </summary>
public sealed record RunSpec
{
    public required ExperimentFamily Family { get; init; }

    public LotteryTicketSpec? LotteryTicket { get; init; }

    public GalaxyPaintingSpec? GalaxyPainting { get; init; }

    public PlatformProbeSpec? PlatformProbe { get; init; }

    /// <summary>Stop the whole run at the first failed search instead of finishing with <see cref="RunState.CompletedWithFailures"/>.</summary>
    public bool FailFast { get; init; }

    /// <summary>Upper bound on jobs in flight for this run.</summary>
    public int MaxConcurrentJobs { get; init; } = 8;

    /// <summary>Dispatch stops once the run's jobs have used this much worker time; null means unlimited.</summary>
    public TimeSpan? WorkerTimeBudget { get; init; }

    /// <summary>How long one job attempt may take before the orchestration re-dispatches it.</summary>
    public TimeSpan JobDeadline { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Keep training checkpoints after a successful run (they are deleted by default).</summary>
    public bool KeepCheckpoints { get; init; }

    /// <summary>The spec with every family section present and defaulted, which is what run ids hash.</summary>
    public RunSpec Resolve() => Family switch
    {
        ExperimentFamily.LotteryTicket => this with { LotteryTicket = LotteryTicket ?? new LotteryTicketSpec(), GalaxyPainting = null, PlatformProbe = null },
        ExperimentFamily.PlatformProbe => this with { PlatformProbe = PlatformProbe ?? new PlatformProbeSpec(), LotteryTicket = null, GalaxyPainting = null },
        _ => this with { GalaxyPainting = GalaxyPainting ?? new GalaxyPaintingSpec(), LotteryTicket = null, PlatformProbe = null },
    };

    public static RunSpec DefaultFor(DatasetKind kind) => new RunSpec { Family = ExperimentFor(kind) }.Resolve();

    /// <summary>The experiment a dataset of <paramref name="kind"/> is for (what its manifest's default run must be).</summary>
    public static ExperimentFamily ExperimentFor(DatasetKind kind) => kind == DatasetKind.Recsys ? ExperimentFamily.LotteryTicket : ExperimentFamily.GalaxyPainting;

    /// <summary>Whether this spec may run on a dataset of <paramref name="kind"/>: the kind's experiment, or a probe (any dataset).</summary>
    public bool RunsOn(DatasetKind kind) => Family == ExperimentFamily.PlatformProbe || Family == ExperimentFor(kind);

    /// <summary>Parses, resolves and validates a spec; every problem is reported at once, named by field.</summary>
    public static RunSpec Parse(ReadOnlySpan<byte> json, string source)
    {
        if (json.Length > SizeLimits.MaxSpecBytes)
        {
            throw new ContractValidationException(source,
                [new ValidationError("$", $"the spec is {json.Length} bytes; the limit is {SizeLimits.MaxSpecBytes}")]);
        }

        var spec = ContractJson.Deserialize<RunSpec>(json, source).Resolve();
        var errors = spec.Validate();
        return errors.Count == 0 ? spec : throw new ContractValidationException(source, errors);
    }

    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (MaxConcurrentJobs is < 1 or > 256)
        {
            errors.Add(new("maxConcurrentJobs", "must be between 1 and 256"));
        }

        if (WorkerTimeBudget is { } budget && budget <= TimeSpan.Zero)
        {
            errors.Add(new("workerTimeBudget", "must be positive"));
        }

        if (JobDeadline < TimeSpan.FromSeconds(10) || JobDeadline > TimeSpan.FromDays(7))
        {
            errors.Add(new("jobDeadline", "must be between 10 seconds and 7 days"));
        }

        (string Field, object? Section, ExperimentFamily Family)[] sections =
        [
            ("lotteryTicket", LotteryTicket, ExperimentFamily.LotteryTicket),
            ("galaxyPainting", GalaxyPainting, ExperimentFamily.GalaxyPainting),
            ("platformProbe", PlatformProbe, ExperimentFamily.PlatformProbe),
        ];
        foreach (var (field, section, family) in sections)
        {
            if (section is not null && family != Family)
            {
                errors.Add(new(field, $"does not apply to the {ContractJson.Serialize(Family).Trim('"')} family"));
            }
        }

        switch (Family)
        {
            case ExperimentFamily.LotteryTicket:
                errors.AddRange((LotteryTicket ?? new LotteryTicketSpec()).Validate("lotteryTicket"));
                break;
            case ExperimentFamily.GalaxyPainting:
                errors.AddRange((GalaxyPainting ?? new GalaxyPaintingSpec()).Validate("galaxyPainting"));
                break;
            case ExperimentFamily.PlatformProbe:
                errors.AddRange((PlatformProbe ?? new PlatformProbeSpec()).Validate("platformProbe"));
                break;
        }

        return errors;
    }
}
