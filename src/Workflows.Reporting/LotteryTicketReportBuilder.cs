using System.Text.Json;
using Workflows.Contracts;
using Workflows.Lottery;
using Workflows.Orchestration.Recsys;

namespace Workflows.Reporting;

/// <summary>Builds the report from the run's index and the rounds' results (pure: the writer does the reading).</summary>
public static class LotteryTicketReportBuilder
{
    /// <param name="results">Each round's <c>result.json</c> by job id; a missing entry is a round whose result is gone or never existed.</param>
    /// <param name="datasetFiles">The dataset's files and their content hashes; empty when the manifest could not be read.</param>
    public static LotteryTicketReport Build(LotteryTicketReportInput input, IReadOnlyDictionary<string, JobResult> results, IReadOnlyList<FileFingerprint>? datasetFiles = null)
    {
        var spec = input.Spec.LotteryTicket ?? new LotteryTicketSpec();
        long totalEntries = input.Prepared is { } prepared ? (long)(prepared.Users + prepared.Items) * spec.EmbeddingSize : 0;
        var dense = input.Dense.ToDictionary(d => (d.Backbone, d.Seed),
            d => Round(0, d.JobId, totalEntries, totalEntries, results.GetValueOrDefault(d.JobId)) with { Backbone = d.Backbone, Seed = d.Seed });
        var searches = input.Searches.Select(search => Search(input, spec, search, totalEntries, dense.GetValueOrDefault((search.Backbone, search.Seed)), results)).ToList();
        return new LotteryTicketReport
        {
            RunId = input.RunId,
            Dataset = input.Dataset,
            State = input.State,
            Errors = input.Errors,
            StartedAt = input.StartedAt,
            FinishedAt = input.FinishedAt,
            WorkerSeconds = results.Values.Sum(JobAccounting.WorkerSeconds),
            Accounting = Account(input, results.Values),
            Spec = input.Spec,
            PreparedDataset = input.Prepared is { } p
                ? new PreparedDatasetSection(p.DatasetBlob, p.Users, p.Items, p.TrainInteractions, p.ValidationInteractions, p.TestInteractions, p.DroppedTestUsers, totalEntries)
                : null,
            Dense = dense.Values.ToList(),
            Searches = searches,
            Comparison = Compare(spec, dense, searches),
            Provenance = Provenance(spec, results.Values, datasetFiles ?? []),
        };
    }

    private static Provenance Provenance(LotteryTicketSpec spec, IEnumerable<JobResult> results, IReadOnlyList<FileFingerprint> datasetFiles)
    {
        var rounds = results.ToList();
        var trained = rounds.Select(Training).OfType<TrainRoundDetails>().ToList();
        var software = trained.SelectMany(d => d.Software ?? new Dictionary<string, string>()).ToList();
        static IReadOnlyList<string> Distinct(IEnumerable<string> values) => [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new Provenance(
            $"Workflows.Reporting {BuildInfo.VersionOf(typeof(LotteryTicketReportBuilder))}",
            spec.Seeds, spec.Selection, spec.Protocol,
            Distinct(rounds.Select(r => r.WorkerId)))
        {
            CodeVersions = Distinct(software.Where(s => s.Key == TrainRoundDetails.WorkflowsSoftware).Select(s => s.Value)),
            Packages = software.Where(s => s.Key != TrainRoundDetails.WorkflowsSoftware).GroupBy(s => s.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Distinct(g.Select(s => s.Value)), StringComparer.Ordinal),
            Devices = Distinct(trained.Select(d => d.Device).OfType<string>()),
            DatasetFiles = [.. datasetFiles.OrderBy(f => f.Path, StringComparer.Ordinal)],
            DatasetContentHash = datasetFiles.Count == 0 ? null : Identifiers.DatasetContentHash(datasetFiles),
        };
    }

    private static SearchReport Search(LotteryTicketReportInput input, LotteryTicketSpec spec, TicketSearchResult search, long totalEntries, RoundReport? dense, IReadOnlyDictionary<string, JobResult> results)
    {
        var rounds = new List<RoundReport>();
        if (dense is not null)
        {
            rounds.Add(dense);
        }

        foreach (var round in search.Rounds.Where(r => r.Round > 0))
        {
            string jobId = RecsysJobIds.SearchRound(input.RunId, search.Key, round.Round);
            rounds.Add(Round(round.Round, jobId, round.NonZeros, totalEntries, results.GetValueOrDefault(jobId)));
        }

        return new SearchReport
        {
            Key = search.Key,
            Backbone = search.Backbone,
            Strategy = search.Strategy,
            Seed = search.Seed,
            State = search.State.ToString(),
            StopReason = search.StopReason.ToString(),
            Error = search.Error,
            WorkerSeconds = search.WorkerSeconds,
            Rounds = rounds,
            Tickets = Tickets(rounds, spec.TicketTolerance),
        };
    }

    private static TicketsReport Tickets(List<RoundReport> rounds, double tolerance)
    {
        var measured = rounds.Where(r => r.ValidationRecall20 is not null && r.NonZeros > 0).ToList();
        if (measured.All(r => r.Round != 0))
        {
            return new TicketsReport(tolerance, null, null, null);
        }

        long total = Math.Max(1, (long)Math.Round(measured[0].NonZeros / measured[0].RemainingFraction));
        var metrics = measured.Select(r => new RoundMetrics(r.Round, r.NonZeros, total, r.ValidationRecall20!.Value)).ToList();
        var selection = TicketSelector.Select(metrics, tolerance);
        RoundReport? Find(RoundMetrics? chosen) => chosen is null ? null : measured.First(r => r.Round == chosen.Round);
        return new TicketsReport(tolerance, Find(selection.Winning), Find(selection.Within1Percent), Find(selection.Within5Percent));
    }

    private static List<ComparisonRow> Compare(LotteryTicketSpec spec, Dictionary<(string Backbone, int Seed), RoundReport> dense, List<SearchReport> searches) =>
        (from backbone in spec.Backbones
         from seed in spec.Seeds
         select new ComparisonRow(backbone, seed, dense.GetValueOrDefault((backbone, seed)),
             searches.Where(s => s.Backbone == backbone && s.Seed == seed)
                 .Select(s => new StrategyTicket(s.Strategy, s.State, s.Tickets.Winning, s.Rounds.Where(r => r.Round > 0).MinBy(r => r.NonZeros)))
                 .ToList())).ToList();

    private static RoundReport Round(int round, string jobId, long nonZeros, long totalEntries, JobResult? result)
    {
        var metrics = result?.Metrics ?? new Dictionary<string, double>();
        long exact = metrics.TryGetValue(TrainRoundMetrics.NonZeros, out double reported) ? (long)reported : nonZeros;
        return new RoundReport
        {
            Round = round,
            JobId = jobId,
            NonZeros = exact,
            RemainingFraction = totalEntries > 0 ? (double)exact / totalEntries : 1.0,
            ValidationRecall20 = Metric(metrics, TrainRoundMetrics.ValidationRecall20),
            ValidationNdcg20 = Metric(metrics, TrainRoundMetrics.ValidationNdcg20),
            TestRecall20 = Metric(metrics, TrainRoundMetrics.TestRecall20),
            TestNdcg20 = Metric(metrics, TrainRoundMetrics.TestNdcg20),
            Attempt = result?.Attempt,
            WorkerId = result?.WorkerId,
            WorkerSeconds = result is null ? 0 : JobAccounting.WorkerSeconds(result),
            Metrics = metrics,
            Training = result is null ? null : Training(result),
        };
    }

    private static RunAccounting Account(LotteryTicketReportInput input, IEnumerable<JobResult> results) => new(
        Math.Max(0, (input.FinishedAt - input.StartedAt).TotalSeconds),
        results.Sum(JobAccounting.WorkerSeconds),
        JobAccounting.ByKind(results));

    /// <summary>The details of a train-round result; null for other kinds and for results that carry none.</summary>
    private static TrainRoundDetails? Training(JobResult result) =>
        result.Kind == JobKinds.RecsysTrainRound && result.Details.ValueKind == JsonValueKind.Object && result.Details.EnumerateObject().Any()
            ? result.Details.Deserialize<TrainRoundDetails>(ContractJson.Options)
            : null;

    private static double? Metric(IReadOnlyDictionary<string, double> metrics, string name) => metrics.TryGetValue(name, out double value) ? value : null;
}
