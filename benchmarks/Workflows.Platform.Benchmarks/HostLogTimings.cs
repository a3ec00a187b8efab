using System.Globalization;
using System.Text.RegularExpressions;

namespace Workflows.Platform.Benchmarks;

/// <summary>
/// The message path alone, read from the host's log: per job of a run, from the dispatch activity's log line (the Service
/// Bus send has completed) to the <c>job-events</c> consumer's "raised outcome" line (the worker ran the job and its outcome
/// came back through the queue). Both lines carry the host's clock; the probe's own latency adds the engine's side.
/// </summary>
internal static partial class HostLogTimings
{
    /// <returns>Seconds per job whose first attempt has both lines.</returns>
    public static List<double> SendToOutcomeSeconds(string stackDirectory, string runId)
    {
        var dispatched = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var seconds = new List<double>();
        using var log = new StreamReader(new FileStream(Path.Combine(stackDirectory, "host.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (log.ReadLine() is { } line)
        {
            if (Event().Match(line) is not { Success: true } match || !match.Groups["job"].Value.StartsWith($"{runId}.", StringComparison.Ordinal))
            {
                continue;
            }

            var time = TimeSpan.ParseExact(match.Groups["time"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
            string job = match.Groups["job"].Value;
            if (match.Groups["what"].Value == "Dispatched job")
            {
                dispatched.TryAdd(job, time);
            }
            else if (dispatched.Remove(job, out var sent))
            {
                // Lines carry the time of day only: a pair that straddles midnight wraps.
                seconds.Add((time - sent + (time < sent ? TimeSpan.FromDays(1) : TimeSpan.Zero)).TotalSeconds);
            }
        }

        return seconds;
    }

    [GeneratedRegex(@"^(?<time>\d\d:\d\d:\d\d\.\d{3}) .*\[10(00|14)\] (?<what>Dispatched job|Raised outcome of job) (?<job>\S+) attempt 1 ")]
    private static partial Regex Event();
}
