namespace Workflows.Recsys.Data;

/// <summary>What preparation removed or moved, so reports can state it.</summary>
/// <param name="DroppedTestInteractions">Test pairs removed: user or item without train interactions, or the pair also in train.</param>
/// <param name="DroppedTestUsers">Users that had test pairs but no train interaction ("users only in test").</param>
/// <param name="ValidationInteractions">Train pairs moved to validation.</param>
public sealed record PreparationReport(int DroppedTestInteractions, int DroppedTestUsers, int ValidationInteractions);

/// <summary>Counts describing a prepared dataset.</summary>
public sealed record DatasetStatistics(
    int Users, int Items, int TrainInteractions, int ValidationInteractions, int TestInteractions,
    int MinTrainItemsPerUser, int MaxTrainItemsPerUser, double Density);

/// <summary>
/// A dataset ready for training: id maps, and the train (fit), validation and test matrices over the same users ×
/// items. Train, validation and test are disjoint; evaluation on test excludes train and validation items.
/// </summary>
public sealed class PreparedDataset
{
    /// <summary>Creates a prepared dataset; all matrices must share the maps' sizes.</summary>
    public PreparedDataset(string name, IdMap users, IdMap items, InteractionMatrix train, InteractionMatrix validation, InteractionMatrix test, PreparationReport report)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (label, matrix) in new[] { ("train", train), ("validation", validation), ("test", test) })
        {
            ArgumentNullException.ThrowIfNull(matrix, label);
            if (matrix.UserCount != users.Count || matrix.ItemCount != items.Count)
            {
                throw new ArgumentException($"{label} is {matrix.UserCount} × {matrix.ItemCount}, the maps say {users.Count} × {items.Count}.");
            }
        }

        Name = name;
        Users = users;
        Items = items;
        Train = train;
        Validation = validation;
        Test = test;
        Report = report;
    }

    /// <summary>Dataset name.</summary>
    public string Name { get; }

    /// <summary>User id map.</summary>
    public IdMap Users { get; }

    /// <summary>Item id map.</summary>
    public IdMap Items { get; }

    /// <summary>Interactions the model is fitted on (and the only edges of LightGCN's graph).</summary>
    public InteractionMatrix Train { get; }

    /// <summary>Held out from train for model selection; empty when no validation split was made.</summary>
    public InteractionMatrix Validation { get; }

    /// <summary>Held-out test interactions.</summary>
    public InteractionMatrix Test { get; }

    /// <summary>What preparation dropped or moved.</summary>
    public PreparationReport Report { get; }

    /// <summary>Number of users.</summary>
    public int UserCount => Users.Count;

    /// <summary>Number of items.</summary>
    public int ItemCount => Items.Count;

    /// <summary>Counts of the dataset.</summary>
    public DatasetStatistics Statistics()
    {
        int min = int.MaxValue, max = 0;
        for (var user = 0; user < UserCount; user++)
        {
            var degree = Train.DegreeOf(user) + Validation.DegreeOf(user);
            min = Math.Min(min, degree);
            max = Math.Max(max, degree);
        }

        var total = Train.Count + Validation.Count + Test.Count;
        return new DatasetStatistics(UserCount, ItemCount, Train.Count, Validation.Count, Test.Count,
            UserCount == 0 ? 0 : min, max, UserCount == 0 || ItemCount == 0 ? 0 : total / ((double)UserCount * ItemCount));
    }
}
