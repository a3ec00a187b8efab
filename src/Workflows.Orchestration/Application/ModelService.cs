using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Application;

/// <summary>
/// <c>GET /api/models</c> and <c>POST /api/models/{dataset}/{model}/recommend</c>: the promoted models and their
/// recommendations, the same in both hosts.
/// </summary>
public sealed class ModelService(IBlobStore blobs, IRecsysTickets tickets)
{
    /// <summary>Every promoted model (<c>models/{dataset}/{model}/current.json</c>), by dataset then model.</summary>
    public async Task<IReadOnlyList<ModelPointer>> ListAsync(CancellationToken cancellationToken)
    {
        var models = new List<ModelPointer>();
        await foreach (var blob in blobs.ListAsync(BlobLayout.ModelsContainer, "", cancellationToken))
        {
            if (blob.Path.Name.Split('/') is [_, _, BlobLayout.ModelPointerFileName] && await blobs.TryReadAsync(blob.Path, cancellationToken) is { } content)
            {
                models.Add(ModelPointer.Parse(content.Data.Span, blob.Path.ToString()));
            }
        }

        return [.. models.OrderBy(m => m.Dataset, StringComparer.Ordinal).ThenBy(m => m.Model, StringComparer.Ordinal)];
    }

    /// <returns>Null when the dataset has no such promoted model (or its ticket was never exported).</returns>
    /// <exception cref="ContractValidationException">The request is invalid or names an unknown user (every problem listed).</exception>
    public async Task<RecommendResponse?> RecommendAsync(string dataset, string model, RecommendRequest request, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            throw new ContractValidationException("request", errors);
        }

        if (!Identifiers.IsValidDatasetName(dataset) || !Identifiers.IsSafeRelativePath(model) || model.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var path = BlobLayout.ModelPointer(dataset, model);
        if (await blobs.TryReadAsync(path, cancellationToken) is not { } content || ModelPointer.Parse(content.Data.Span, path.ToString()) is not { Ticket: { } ticket } pointer)
        {
            return null;
        }

        var users = await tickets.RecommendAsync(ticket, request.UserIds, request.K, cancellationToken);
        return new RecommendResponse(dataset, model, pointer.PromotedBy, request.K, users);
    }
}
