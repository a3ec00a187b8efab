using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Models;

/// <summary>Which winning tickets a finished lottery-ticket run promotes: one model per backbone.</summary>
public static class TicketPromotion
{
    /// <summary>
    /// Per backbone, the sparsest winning ticket of a completed pruning search (the <c>random</c> baseline is a control, not
    /// a ticket finder); equal sparsity goes to the better validation Recall@20, then the search key. Backbones without a
    /// winning ticket promote nothing.
    /// </summary>
    /// <param name="contentHash">What the run's dataset holds (<see cref="Identifiers.DatasetContentHash"/>).</param>
    public static IReadOnlyList<ModelPointer> Champions(
        RunRequest run, LotteryTicketSpec spec, long totalEntries, IReadOnlyList<DenseRound> dense, IReadOnlyList<TicketSearchResult> searches,
        string contentHash, DateTimeOffset now) =>
        (from search in searches
         where search.State == SearchState.Completed && search.Strategy != PruningStrategies.Random && search.WinningRound is not null
         let ticket = search.Rounds.Single(r => r.Round == search.WinningRound)
         let rewind = dense.SingleOrDefault(d => d.Backbone == search.Backbone && d.Seed == search.Seed)
         where rewind is not null
         group (search, ticket, rewind) by search.Backbone into backbone
         let best = backbone.OrderBy(c => c.ticket.NonZeros).ThenByDescending(c => c.ticket.ValidationRecall).ThenBy(c => c.search.Key, StringComparer.Ordinal).First()
         orderby backbone.Key
         select new ModelPointer
         {
             Dataset = run.Dataset,
             Model = backbone.Key,
             PromotedBy = run.RunId,
             ContentHash = contentHash,
             Backbone = best.search.Backbone,
             Strategy = best.search.Strategy,
             Seed = best.search.Seed,
             Round = best.ticket.Round,
             TotalEntries = totalEntries,
             NonZeros = best.ticket.NonZeros,
             TicketResult = BlobLayout.JobResult(run.RunId, RecsysJobIds.SearchRound(run.RunId, best.search.Key, best.ticket.Round)).ToString(),
             RewindResult = best.rewind.ResultPath,
             Spec = spec,
             JobDeadline = run.Spec.JobDeadline,
             Metrics = new Dictionary<string, double> { [Recsys.TrainRoundMetrics.ValidationRecall20] = best.ticket.ValidationRecall },
             PromotedAt = now,
         }).ToList();
}
