namespace Workflows.Orchestration.Runs;

/// <summary>The <see cref="Contracts.RunProgress.Phase"/> values runs report.</summary>
public static class RunPhases
{
    public const string Pending = "pending";
    public const string Validating = "validating";
    public const string Rejected = "rejected";
    public const string Preparing = "preparing";
    public const string Dense = "training-dense";
    public const string Searching = "searching";
    public const string Probing = "probing";
    public const string Training = "training";
    public const string Cutting = "cutting";
    public const string Predicting = "predicting";
    public const string Stitching = "stitching";
    public const string Measuring = "measuring";
    public const string Reporting = "reporting";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
