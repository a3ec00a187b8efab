namespace Workflows.Contracts;

/// <summary>
/// <c>models/{dataset}/{model}/current.json</c>: the promoted (champion) recommender of a dataset, one per backbone. Written
/// by a lottery-ticket run for its winning ticket and replaced by a nightly retrain whose challenger wins. Holds what a
/// retrain needs to train the same ticket again: the mask (in <see cref="TicketResult"/>'s artifacts), the rewind point
/// (in <see cref="RewindResult"/>'s artifacts) and the training protocol (<see cref="Spec"/>).
/// </summary>
public sealed record ModelPointer
{
    public required string Dataset { get; init; }

    /// <summary>The model's name under <c>models/{dataset}/</c>: the backbone (<c>mf</c>, <c>lightgcn</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The run (or nightly retrain) that trained and promoted it.</summary>
    public required string PromotedBy { get; init; }

    /// <summary><see cref="Identifiers.DatasetContentHash"/> of the data it was trained on.</summary>
    public required string ContentHash { get; init; }

    public required string Backbone { get; init; }

    /// <summary>The search strategy that found the ticket.</summary>
    public required string Strategy { get; init; }

    public required int Seed { get; init; }

    /// <summary>The ticket's round in its search (≥ 1).</summary>
    public required int Round { get; init; }

    /// <summary>Entries of the embedding table and the ticket's unpruned entries.</summary>
    public required long TotalEntries { get; init; }

    public required long NonZeros { get; init; }

    /// <summary><c>result.json</c> of the job that trained the ticket: its artifacts name the weights and the mask.</summary>
    public required string TicketResult { get; init; }

    /// <summary><c>result.json</c> of the dense round whose rewind weights the ticket starts from.</summary>
    public required string RewindResult { get; init; }

    /// <summary>The training protocol of the run that found the ticket.</summary>
    public required LotteryTicketSpec Spec { get; init; }

    public required TimeSpan JobDeadline { get; init; }

    /// <summary>
    /// The exported ticket (<c>models/{dataset}/{model}/tickets/{promotedBy}.npz</c>: final embeddings, id maps and train
    /// items) that <c>POST /api/models/{dataset}/{model}/recommend</c> scores.
    /// </summary>
    public string? Ticket { get; init; }

    /// <summary>Held-out metrics of the ticket on the data it was trained on (test split).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public required DateTimeOffset PromotedAt { get; init; }

    public static ModelPointer Parse(ReadOnlySpan<byte> json, string source) => ContractJson.Deserialize<ModelPointer>(json, source);
}
