namespace Workflows.Recsys.Data;

/// <summary>How to prepare a loaded log.</summary>
/// <param name="ValidationFraction">Per-user share of train moved to validation (0 = no validation split).</param>
/// <param name="ValidationSeed">Seed of the per-user validation draw.</param>
/// <param name="MinTrainItemsForValidation">Users with fewer train items keep them all.</param>
public sealed record PreparationOptions(double ValidationFraction = 0.1, ulong ValidationSeed = 0, int MinTrainItemsForValidation = 3)
{
    /// <summary>No validation split (the <c>reference</c> protocol).</summary>
    public static PreparationOptions WithoutValidation { get; } = new(0);
}

/// <summary>Turns a loaded <see cref="InteractionLog"/> into a <see cref="PreparedDataset"/>.</summary>
public static class DatasetPreparation
{
    /// <summary>
    /// Drops test pairs whose user or item has no train interaction, or that repeat a train pair (counted in the
    /// report), then moves a seeded per-user share of train to validation: round-to-nearest of
    /// <see cref="PreparationOptions.ValidationFraction"/> × the user's train count, at least one, for users with at
    /// least <see cref="PreparationOptions.MinTrainItemsForValidation"/> train items.
    /// </summary>
    public static PreparedDataset Prepare(string name, InteractionLog log, PreparationOptions options)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ValidationFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, "ValidationFraction must be in [0, 1).");
        }

        var userCount = log.Users.Count;
        var itemCount = log.Items.Count;
        var fullTrain = log.Train.ToMatrix(userCount, itemCount);
        var itemHasTrain = new bool[itemCount];
        foreach (var item in fullTrain.Items)
        {
            itemHasTrain[item] = true;
        }

        var testUsers = new List<int>();
        var testItems = new List<int>();
        var usersOnlyInTest = new HashSet<int>();
        var dropped = 0;
        for (var k = 0; k < log.Test.Count; k++)
        {
            int user = log.Test.Users[k], item = log.Test.Items[k];
            if (fullTrain.DegreeOf(user) == 0)
            {
                usersOnlyInTest.Add(user);
                dropped++;
            }
            else if (!itemHasTrain[item] || fullTrain.Contains(user, item))
            {
                dropped++;
            }
            else
            {
                testUsers.Add(user);
                testItems.Add(item);
            }
        }

        var (train, validation) = CarveValidation(fullTrain, options);
        var test = InteractionMatrix.FromPairs(userCount, itemCount, testUsers.ToArray(), testItems.ToArray());
        return new PreparedDataset(name, log.Users, log.Items, train, validation, test,
            new PreparationReport(dropped, usersOnlyInTest.Count, validation.Count));
    }

    private static (InteractionMatrix Train, InteractionMatrix Validation) CarveValidation(InteractionMatrix fullTrain, PreparationOptions options)
    {
        if (options.ValidationFraction == 0)
        {
            return (fullTrain, InteractionMatrix.Empty(fullTrain.UserCount, fullTrain.ItemCount));
        }

        var train = (Users: new List<int>(fullTrain.Count), Items: new List<int>(fullTrain.Count));
        var validation = (Users: new List<int>(), Items: new List<int>());
        for (var user = 0; user < fullTrain.UserCount; user++)
        {
            var items = fullTrain.ItemsOf(user);
            var chosen = new HashSet<int>();
            if (items.Length >= options.MinTrainItemsForValidation)
            {
                var count = Math.Max(1, (int)Math.Round(options.ValidationFraction * items.Length, MidpointRounding.AwayFromZero));
                chosen = PerUser.SeededPermutation(items.Length, options.ValidationSeed, user).Take(count).ToHashSet();
            }

            for (var k = 0; k < items.Length; k++)
            {
                var target = chosen.Contains(k) ? validation : train;
                target.Users.Add(user);
                target.Items.Add(items[k]);
            }
        }

        return (InteractionMatrix.FromPairs(fullTrain.UserCount, fullTrain.ItemCount, train.Users.ToArray(), train.Items.ToArray()),
            InteractionMatrix.FromPairs(fullTrain.UserCount, fullTrain.ItemCount, validation.Users.ToArray(), validation.Items.ToArray()));
    }
}
