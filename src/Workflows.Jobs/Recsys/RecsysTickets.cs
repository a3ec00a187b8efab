using System.Collections.Concurrent;
using Workflows.Contracts;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Recsys;
using Workflows.Recsys.Rounds;
using Workflows.Torch.Npy;
using static TorchSharp.torch;

namespace Workflows.Jobs.Recsys;

/// <summary>
/// <see cref="IRecsysTickets"/> over the recommender engine: exports with <see cref="TicketExport"/> on the CPU and scores
/// with <see cref="TicketScorer"/>. Exports are never rewritten (their name carries the promoting run), so a loaded scorer
/// is kept per export.
/// </summary>
public sealed class RecsysTickets(IBlobStore blobs, PreparedDatasetCache datasets) : IRecsysTickets
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TicketScorer>>> scorers = new(StringComparer.Ordinal);

    public async Task<string> ExportAsync(ModelPointer pointer, string preparedDataset, CancellationToken cancellationToken)
    {
        var dataset = await datasets.GetAsync(BlobPath.Parse(preparedDataset), cancellationToken).ConfigureAwait(false);
        var spec = TrainRoundSpecs.ToRoundSpec(TicketPromotion.Parameters(pointer), $"{pointer.PromotedBy} {pointer.Model}");
        var resultPath = BlobPath.Parse(pointer.TicketResult);
        var content = await blobs.TryReadAsync(resultPath, cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(resultPath);
        var result = ContractJson.Deserialize<JobResult>(content.Data.Span, resultPath.ToString());
        var weights = await ReadArtifactAsync(result, resultPath, TrainRoundArtifacts.BestWeights, cancellationToken).ConfigureAwait(false);
        var mask = await ReadArtifactAsync(result, resultPath, TrainRoundArtifacts.Mask, cancellationToken).ConfigureAwait(false);

        using var archive = new MemoryStream();
        TicketExport.Write(archive, dataset, spec, weights, mask, CPU);
        archive.Position = 0;
        var path = BlobLayout.ModelTicket(pointer.Dataset, pointer.Model, pointer.PromotedBy);
        await blobs.WriteAsync(path, archive, cancellationToken).ConfigureAwait(false);
        return path.ToString();
    }

    public async Task<IReadOnlyList<UserRecommendations>> RecommendAsync(string ticket, IReadOnlyList<string> userIds, int k, CancellationToken cancellationToken)
    {
        var loading = scorers.GetOrAdd(ticket, path => new Lazy<Task<TicketScorer>>(() => LoadAsync(BlobPath.Parse(path))));
        TicketScorer scorer;
        try
        {
            scorer = await loading.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            scorers.TryRemove(ticket, out _);
            throw;
        }

        var unknown = userIds.Select((user, i) => (user, i)).Where(u => !scorer.Knows(u.user))
            .Select(u => new ValidationError($"userIds[{u.i}]", $"user '{u.user}' is not in the ticket's training data")).ToList();
        return unknown.Count > 0
            ? throw new ContractValidationException("request", unknown)
            : [.. userIds.Select(user => new UserRecommendations(user, scorer.Recommend(user, k)))];
    }

    private async Task<TicketScorer> LoadAsync(BlobPath path)
    {
        await using var stream = await blobs.OpenReadAsync(path, CancellationToken.None).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        buffer.Position = 0;
        return TicketScorer.Load(buffer);
    }

    private async Task<NpyArray> ReadArtifactAsync(JobResult result, BlobPath resultPath, string artifact, CancellationToken cancellationToken)
    {
        if (!result.Artifacts.TryGetValue(artifact, out var artifactPath))
        {
            throw new ContractValidationException(resultPath.ToString(), [new ValidationError("artifacts", $"no '{artifact}' artifact")]);
        }

        await using var stream = await blobs.OpenReadAsync(BlobPath.Parse(artifactPath), cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return NpyFormat.Read(buffer, artifactPath);
    }
}
