namespace Workflows.Recsys.Data;

/// <summary>Splits one table's rows into train and test pairs, per user.</summary>
public interface ITrainTestSplit
{
    /// <summary>Splits <paramref name="rows"/> (ids resolved through the maps).</summary>
    (InteractionPairs Train, InteractionPairs Test) Split(IReadOnlyList<InteractionRow> rows, IdMap users, IdMap items);
}

/// <summary>
/// Per user, a seeded random <see cref="TestFraction"/> of the interactions (rounded to nearest) goes to test; users
/// with a single interaction keep it in train.
/// </summary>
public sealed record RatioSplit(double TestFraction, ulong Seed) : ITrainTestSplit
{
    /// <inheritdoc />
    public (InteractionPairs Train, InteractionPairs Test) Split(IReadOnlyList<InteractionRow> rows, IdMap users, IdMap items)
    {
        if (TestFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "The test fraction must be in (0, 1).");
        }

        return PerUser.Split(rows, users, items, (user, ordered) =>
        {
            var order = PerUser.SeededPermutation(ordered.Count, Seed, user);
            var testCount = ordered.Count < 2 ? 0 : (int)Math.Round(TestFraction * ordered.Count, MidpointRounding.AwayFromZero);
            return order.Take(testCount);
        });
    }
}

/// <summary>
/// Per user, the last <see cref="Count"/> interactions by timestamp (ties: file order) go to test; users with at
/// most <see cref="Count"/> interactions keep them all in train.
/// </summary>
public sealed record LeaveLastOutSplit(int Count) : ITrainTestSplit
{
    /// <inheritdoc />
    public (InteractionPairs Train, InteractionPairs Test) Split(IReadOnlyList<InteractionRow> rows, IdMap users, IdMap items)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Count);
        return PerUser.Split(rows, users, items, (_, ordered) =>
            ordered.Count <= Count ? [] : Enumerable.Range(ordered.Count - Count, Count));
    }
}

internal static class PerUser
{
    public static (InteractionPairs Train, InteractionPairs Test) Split(
        IReadOnlyList<InteractionRow> rows, IdMap users, IdMap items, Func<int, IReadOnlyList<InteractionRow>, IEnumerable<int>> chooseTest)
    {
        var byUser = new List<InteractionRow>[users.Count];
        foreach (var row in rows)
        {
            users.TryGetIndex(row.User, out var user);
            (byUser[user] ??= []).Add(row);
        }

        var train = (Users: new List<int>(), Items: new List<int>());
        var test = (Users: new List<int>(), Items: new List<int>());
        for (var user = 0; user < byUser.Length; user++)
        {
            var ordered = byUser[user]?.OrderBy(r => r.Timestamp).ThenBy(r => r.Line).ToList() ?? [];
            var testPositions = chooseTest(user, ordered).ToHashSet();
            for (var k = 0; k < ordered.Count; k++)
            {
                items.TryGetIndex(ordered[k].Item, out var item);
                var target = testPositions.Contains(k) ? test : train;
                target.Users.Add(user);
                target.Items.Add(item);
            }
        }

        return (new InteractionPairs([.. train.Users], [.. train.Items]), new InteractionPairs([.. test.Users], [.. test.Items]));
    }

    /// <summary>A permutation of 0..n-1 drawn from the stream (seed, user): Fisher–Yates.</summary>
    public static int[] SeededPermutation(int n, ulong seed, int user)
    {
        var random = Workflows.Torch.SplitMix64.Derive(seed, 0x5350_4C49_54UL, (ulong)user);
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
