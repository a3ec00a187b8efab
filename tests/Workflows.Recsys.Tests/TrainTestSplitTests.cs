using Workflows.Recsys.Data;

namespace Workflows.Recsys.Tests;

public class TrainTestSplitTests
{
    // User "a": 10 interactions, "b": 5, "c": 3, "d": 2, "e": 1; item ids are "i0".."i9".
    private static readonly (string User, int Interactions)[] Users = [("a", 10), ("b", 5), ("c", 3), ("d", 2), ("e", 1)];

    private static (IReadOnlyList<InteractionRow> Rows, IdMap Users, IdMap Items) Table()
    {
        var rows = new List<InteractionRow>();
        foreach (var (user, count) in Users)
        {
            for (var item = 0; item < count; item++)
            {
                rows.Add(new InteractionRow(user, $"i{item}", Timestamp: 0, Line: rows.Count + 1));
            }
        }

        return (rows, new IdMap(Users.Select(u => u.User)), new IdMap(Enumerable.Range(0, 10).Select(i => $"i{i}")));
    }

    private static int[] PerUserCounts(InteractionPairs pairs) =>
        Enumerable.Range(0, Users.Length).Select(user => pairs.Users.Count(u => u == user)).ToArray();

    [Fact]
    public void RatioSplit_QuarterToTest_ExactPerUserCountsRoundedHalfAwayFromZero()
    {
        var (rows, users, items) = Table();

        var (train, test) = new RatioSplit(0.25, Seed: 42).Split(rows, users, items);

        // 10 × 0.25 = 2.5 → 3; 5 × 0.25 = 1.25 → 1; 3 × 0.25 = 0.75 → 1; 2 × 0.25 = 0.5 → 1; a single interaction stays in train.
        Assert.Equal([3, 1, 1, 1, 0], PerUserCounts(test));
        Assert.Equal([7, 4, 2, 1, 1], PerUserCounts(train));
        for (var user = 0; user < Users.Length; user++)
        {
            var trainItems = train.Items.Where((_, k) => train.Users[k] == user);
            var testItems = test.Items.Where((_, k) => test.Users[k] == user);
            Assert.Equal(Enumerable.Range(0, Users[user].Interactions), trainItems.Concat(testItems).Order());
        }
    }

    [Fact]
    public void RatioSplit_SameSeed_SameSplitAndAnotherSeedMovesOtherItems()
    {
        var (rows, users, items) = Table();

        var (firstTrain, firstTest) = new RatioSplit(0.25, Seed: 42).Split(rows, users, items);
        var (secondTrain, secondTest) = new RatioSplit(0.25, Seed: 42).Split(rows, users, items);
        var (_, otherTest) = new RatioSplit(0.25, Seed: 43).Split(rows, users, items);

        Assert.Equal(firstTrain, secondTrain, PairsComparer);
        Assert.Equal(firstTest, secondTest, PairsComparer);
        Assert.Equal(PerUserCounts(firstTest), PerUserCounts(otherTest));
        Assert.NotEqual(firstTest, otherTest, PairsComparer);
    }

    [Fact]
    public void RatioSplit_OtherUsersRemoved_UserDrawIsUnchanged()
    {
        var (rows, users, items) = Table();
        var onlyA = rows.Where(r => r.User == "a").ToList();

        var (_, full) = new RatioSplit(0.25, Seed: 42).Split(rows, users, items);
        var (_, alone) = new RatioSplit(0.25, Seed: 42).Split(onlyA, users, items);

        Assert.Equal(full.Items.Where((_, k) => full.Users[k] == 0), alone.Items);
    }

    private static readonly IEqualityComparer<InteractionPairs> PairsComparer = EqualityComparer<InteractionPairs>.Create(
        (x, y) => x!.Users.SequenceEqual(y!.Users) && x.Items.SequenceEqual(y.Items), p => p.Count);
}
