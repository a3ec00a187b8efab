using Workflows.Contracts;

namespace Workflows.Orchestration.Ports;

/// <summary>
/// The recommender engine behind promoted models: exporting a promoted ticket (CPU, run by the promote step) and scoring an
/// exported ticket for original user ids (the <c>recommend</c> route).
/// </summary>
public interface IRecsysTickets
{
    /// <summary>Writes <see cref="BlobLayout.ModelTicket"/> for <paramref name="pointer"/>, its table over <paramref name="preparedDataset"/>'s graph; returns its path.</summary>
    Task<string> ExportAsync(ModelPointer pointer, string preparedDataset, CancellationToken cancellationToken);

    /// <summary>The top <paramref name="k"/> unseen items of each user, in request order.</summary>
    /// <exception cref="ContractValidationException">A user id is not in the ticket (named as <c>userIds[i]</c>).</exception>
    Task<IReadOnlyList<UserRecommendations>> RecommendAsync(string ticket, IReadOnlyList<string> userIds, int k, CancellationToken cancellationToken);
}
