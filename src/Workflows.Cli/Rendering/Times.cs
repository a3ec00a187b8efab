using System.Globalization;

namespace Workflows.Cli.Rendering;

/// <summary>How the CLI writes times: local clock times, and durations in the largest unit that reads well.</summary>
internal static class Times
{
    public static string Clock(DateTimeOffset? time) => time?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    public static string Date(DateTimeOffset? time) => time?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";

    /// <summary><c>42 s</c>, <c>3.5 min</c>, <c>1.2 h</c>; a negative duration (clocks apart) reads as <c>0 s</c>.</summary>
    public static string Duration(TimeSpan duration) => Math.Max(0, duration.TotalSeconds) switch
    {
        < 60 and var seconds => $"{seconds.ToString("F0", CultureInfo.InvariantCulture)} s",
        < 3600 => $"{duration.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min",
        _ => $"{duration.TotalHours.ToString("F1", CultureInfo.InvariantCulture)} h",
    };
}
