namespace Workflows.Recsys.Data;

/// <summary>
/// Interactions as loaded, before preparation: id maps plus parallel (user, item) index arrays for the train and
/// test parts. Pairs inside one part are distinct.
/// </summary>
public sealed record InteractionLog(IdMap Users, IdMap Items, InteractionPairs Train, InteractionPairs Test);

/// <summary>Parallel arrays of dense user and item indices.</summary>
public sealed record InteractionPairs(int[] Users, int[] Items)
{
    /// <summary>Number of pairs.</summary>
    public int Count => Users.Length;

    /// <summary>The pairs as a CSR matrix.</summary>
    public InteractionMatrix ToMatrix(int userCount, int itemCount) => InteractionMatrix.FromPairs(userCount, itemCount, Users, Items);
}
