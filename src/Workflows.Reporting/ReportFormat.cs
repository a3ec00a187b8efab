using System.Globalization;

namespace Workflows.Reporting;

/// <summary>How numbers read in reports: rounded to what the measurement supports, with their unit.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>What a missing value reads as.</summary>
    public const string Missing = "–";

    /// <summary>A fraction as a percentage with three significant digits (down to 0.001 %): <c>43.1 %</c>, <c>4.24 %</c>, <c>0.515 %</c>.</summary>
    public static string Percent(double fraction)
    {
        double percent = fraction * 100;
        string format = Math.Abs(percent) >= 10 ? "0.0" : Math.Abs(percent) >= 1 ? "0.00" : "0.000";
        return $"{percent.ToString(format, Invariant)} %";
    }

    /// <summary>A ranking metric (Recall@20, NDCG@20) with four decimals: <c>0.2102</c>.</summary>
    public static string Metric(double? value) => value?.ToString("0.0000", Invariant) ?? Missing;

    /// <summary>A duration in seconds: one decimal below 100 s, whole seconds above, hours added from one hour on.</summary>
    public static string Seconds(double seconds)
    {
        string text = $"{seconds.ToString(Math.Abs(seconds) < 100 ? "0.0" : "0", Invariant)} s";
        return seconds >= 3600 ? $"{text} ({(seconds / 3600).ToString("0.0", Invariant)} h)" : text;
    }

    public static string Count(long value) => value.ToString(Invariant);
}
