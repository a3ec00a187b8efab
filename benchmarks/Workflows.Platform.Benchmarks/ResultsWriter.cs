using System.Globalization;
using System.Text;
using System.Text.Json;
using Workflows.Contracts;

namespace Workflows.Platform.Benchmarks;

/// <summary>Renders the results as a markdown table (printed and saved) and saves them as JSON.</summary>
internal static class ResultsWriter
{
    public static string Markdown(PlatformBenchmarkResults results)
    {
        var text = new StringBuilder();
        Line(text, $"# Platform overhead ({results.MeasuredAt:yyyy-MM-dd HH:mm} UTC, {results.Machine}, {results.ProcessorCount} cores)");
        text.AppendLine();
        text.AppendLine("No-op probes: `platform.no-op` jobs, each through RunJob → Service Bus → worker → `job-events` → outcome event. " +
            "Latency is dispatch to outcome on the probe orchestration's clock (it includes the job step's own start and completion); " +
            "jobs/s is succeeded jobs over first dispatch → last outcome. Workers have 1 slot each. " +
            "Fan-out rows dispatch all their jobs at once (latency includes queueing); the sequential row keeps one job in flight. " +
            "CPU is the seconds each component used during the probe; cores busy is their sum over the probe run's lifetime; " +
            "send → outcome is the message path alone, from the host's log (Service Bus send done → worker → `job-events` → outcome raised); " +
            "storage requests are Azurite's (Blob, Queue, Table, from every program, polling included) per planned job.");
        text.AppendLine();
        text.AppendLine("| probe | workers | state | jobs ok/failed | median latency (s) | p95 latency (s) | max latency (s) | send → outcome median / p95 (s) | jobs/s | worker time median (s) | probe run (s) | CPU s host / workers / azurite / broker | cores busy | storage requests/job |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var probe in results.Sequential is null ? results.Probes : [results.Sequential, .. results.Probes])
        {
            var r = probe.Report;
            string kind = r.MaxConcurrentJobs == 1 ? $"sequential {r.JobsPlanned}" : $"fan-out {r.JobsPlanned}";
            var cpu = probe.CpuSeconds;
            Line(text, $"| {kind} | {probe.Workers} | {Name(probe.State)} | {r.JobsSucceeded}/{r.JobsFailed} | {r.Latency.Median:F3} | {r.Latency.P95:F3} | {r.Latency.Max:F3} | {probe.SendToOutcome.Median:F3} / {probe.SendToOutcome.P95:F3} | {r.JobsPerSecond:F1} | {r.WorkerTime.Median:F3} | {probe.RunSeconds:F1} | {cpu.GetValueOrDefault(StackUsage.Host):F1} / {cpu.GetValueOrDefault(StackUsage.Workers):F1} / {cpu.GetValueOrDefault(StackUsage.Azurite):F1} / {cpu.GetValueOrDefault(StackUsage.Broker):F1} | {probe.CoresBusy:F2} | {probe.StorageRequestsPerJob:F0} |");
        }

        if (results.LastFm is { } lastFm)
        {
            text.AppendLine();
            Line(text, $"LastFM run `{lastFm.RunId}` ({Name(lastFm.State)}, {lastFm.Jobs} jobs, {lastFm.RetriedJobs} retried, {lastFm.Workers} worker): wall time is the run orchestration's lifetime; the rest are sums over the jobs' `result.json`.");
            text.AppendLine();
            text.AppendLine("| wall (s) | training (s) | evaluation (s) | in-job setup (s) | worker time (s) | outside training | outside jobs |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            Line(text, $"| {lastFm.WallSeconds:F1} | {lastFm.TrainingSeconds:F1} | {lastFm.EvaluationSeconds:F1} | {lastFm.SetupSeconds:F1} | {lastFm.WorkerSeconds:F1} | {lastFm.OutsideTrainingShare:P1} | {lastFm.OutsideJobsShare:P1} |");
        }

        text.AppendLine();
        text.AppendLine("Stack settings: " + string.Join(", ", results.Settings.Select(s => $"`{s.Key}` = {s.Value}")) +
            "; orchestration job policy at its defaults (heartbeat check 1 min, stale after 5 min).");
        return text.ToString();
    }

    /// <returns>The markdown and JSON paths.</returns>
    public static async Task<(string Markdown, string Json)> SaveAsync(PlatformBenchmarkResults results, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        string stem = Path.Combine(folder, $"platform-overhead-{results.MeasuredAt:yyyyMMdd-HHmmss}");
        await File.WriteAllTextAsync($"{stem}.md", Markdown(results), cancellationToken);
        await File.WriteAllBytesAsync($"{stem}.json", JsonSerializer.SerializeToUtf8Bytes(results, new JsonSerializerOptions(ContractJson.Options) { WriteIndented = true }), cancellationToken);
        return ($"{stem}.md", $"{stem}.json");
    }

    private static string Name(RunState state) => ContractJson.Serialize(state).Trim('"');

    /// <summary>Appends a line formatted with the invariant culture (an interpolated string binds to this, never to a string).</summary>
    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
