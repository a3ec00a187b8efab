using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Models;

/// <summary>Which winning tickets a finished lottery-ticket run promotes (one model per backbone), and how a ticket is promoted.</summary>
public static class TicketPromotion
{
    /// <summary>Exports the ticket, then points <c>models/{dataset}/{model}/current.json</c> at it (the pointer last).</summary>
    /// <param name="preparedDataset">The prepared data the ticket was trained on.</param>
    public static async Task PromoteAsync(this TaskOrchestrationContext context, ModelPointer pointer, string preparedDataset)
    {
        string ticket = await context.ExportTicketAsync(new ExportTicketRequest(pointer, preparedDataset));
        await context.WriteModelPointerAsync(pointer with { Ticket = ticket });
    }

    /// <summary>
    /// The parameters that train <paramref name="pointer"/>'s ticket again: an <c>imp</c> round at the ticket's level, which
    /// with input <see cref="TrainRoundInputs.Ticket"/> trains under the ticket's mask from its rewind point. Also what the
    /// export builds the ticket's model from.
    /// </summary>
    public static TrainRoundParameters Parameters(ModelPointer pointer) => new()
    {
        Backbone = pointer.Backbone,
        Strategy = PruningStrategies.Imp,
        Seed = pointer.Seed,
        Round = pointer.Round,
        PruningRate = pointer.Spec.PruningRate,
        TotalEntries = pointer.TotalEntries,
        TargetNonZeros = pointer.NonZeros,
        RewindToRound = 0,
        InitSeed = pointer.Seed,
        Training = RecsysTrainingSettings.From(pointer.Spec),
    };

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
