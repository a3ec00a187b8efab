namespace Workflows.Contracts;

/// <summary>The body of <c>POST /api/models/{dataset}/{model}/recommend</c>: original user ids and how many items each.</summary>
public sealed record RecommendRequest
{
    public const int MaxUsers = 1000;
    public const int MaxK = 1000;
    public const int DefaultK = 20;

    public required IReadOnlyList<string> UserIds { get; init; }

    public int K { get; init; } = DefaultK;

    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (UserIds.Count is 0 or > MaxUsers)
        {
            errors.Add(new("userIds", $"{UserIds.Count} user ids; between 1 and {MaxUsers} are accepted"));
        }

        if (K is < 1 or > MaxK)
        {
            errors.Add(new("k", $"{K} must be between 1 and {MaxK}"));
        }

        return errors;
    }
}

/// <summary>The answer of <c>recommend</c>: the promoted ticket's top-K unseen items per user, best first.</summary>
/// <param name="PromotedBy">The run or nightly retrain whose ticket answered.</param>
public sealed record RecommendResponse(string Dataset, string Model, string PromotedBy, int K, IReadOnlyList<UserRecommendations> Users);

public sealed record UserRecommendations(string UserId, IReadOnlyList<string> Items);
