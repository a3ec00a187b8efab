namespace Workflows.Recsys.Data;

/// <summary>
/// An immutable user × item 0/1 matrix in CSR form: for each user, its items sorted ascending and distinct.
/// </summary>
public sealed class InteractionMatrix
{
    private readonly int[] _offsets;
    private readonly int[] _items;

    private InteractionMatrix(int userCount, int itemCount, int[] offsets, int[] items)
    {
        UserCount = userCount;
        ItemCount = itemCount;
        _offsets = offsets;
        _items = items;
    }

    /// <summary>Number of user rows.</summary>
    public int UserCount { get; }

    /// <summary>Number of item columns.</summary>
    public int ItemCount { get; }

    /// <summary>Number of interactions (non-zeros).</summary>
    public int Count => _items.Length;

    /// <summary>Row offsets, length <see cref="UserCount"/> + 1.</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>All item indices, row after row.</summary>
    public ReadOnlySpan<int> Items => _items;

    /// <summary>An empty matrix of the given size.</summary>
    public static InteractionMatrix Empty(int userCount, int itemCount) =>
        new(userCount, itemCount, new int[userCount + 1], []);

    /// <summary>The sorted items of <paramref name="user"/>.</summary>
    public ReadOnlySpan<int> ItemsOf(int user) => _items.AsSpan(_offsets[user], _offsets[user + 1] - _offsets[user]);

    /// <summary>Number of items of <paramref name="user"/>.</summary>
    public int DegreeOf(int user) => _offsets[user + 1] - _offsets[user];

    /// <summary>Whether <paramref name="user"/> interacted with <paramref name="item"/> (binary search).</summary>
    public bool Contains(int user, int item) => ItemsOf(user).BinarySearch(item) >= 0;

    /// <summary>Users with at least one item, ascending.</summary>
    public int[] NonEmptyUsers()
    {
        var users = new List<int>(UserCount);
        for (var user = 0; user < UserCount; user++)
        {
            if (DegreeOf(user) > 0)
            {
                users.Add(user);
            }
        }

        return [.. users];
    }

    /// <summary>Builds a matrix from CSR arrays, checking every invariant.</summary>
    /// <exception cref="InvalidDataException">An invariant fails; the message names <paramref name="name"/> and the field.</exception>
    public static InteractionMatrix FromCsr(int userCount, int itemCount, int[] offsets, int[] items, string name = "matrix")
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(items);
        if (userCount < 0 || itemCount < 0)
        {
            throw new InvalidDataException($"{name}: negative size {userCount} × {itemCount}.");
        }

        if (offsets.Length != userCount + 1 || offsets[0] != 0 || offsets[^1] != items.Length)
        {
            throw new InvalidDataException($"{name}.offsets: expected {userCount + 1} offsets from 0 to {items.Length}.");
        }

        for (var user = 0; user < userCount; user++)
        {
            if (offsets[user + 1] < offsets[user])
            {
                throw new InvalidDataException($"{name}.offsets: decreasing at user {user}.");
            }

            for (var k = offsets[user]; k < offsets[user + 1]; k++)
            {
                if ((uint)items[k] >= (uint)itemCount)
                {
                    throw new InvalidDataException($"{name}.items: item {items[k]} of user {user} is outside [0, {itemCount}).");
                }

                if (k > offsets[user] && items[k] <= items[k - 1])
                {
                    throw new InvalidDataException($"{name}.items: items of user {user} are not strictly ascending.");
                }
            }
        }

        return new InteractionMatrix(userCount, itemCount, offsets, items);
    }

    /// <summary>Builds a matrix from (user, item) pairs; pairs must be distinct.</summary>
    /// <exception cref="ArgumentException">A pair repeats or an index is out of range.</exception>
    public static InteractionMatrix FromPairs(int userCount, int itemCount, ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        if (users.Length != items.Length)
        {
            throw new ArgumentException("users and items must have the same length.", nameof(items));
        }

        var offsets = new int[userCount + 1];
        foreach (var user in users)
        {
            if ((uint)user >= (uint)userCount)
            {
                throw new ArgumentException($"User {user} is outside [0, {userCount}).", nameof(users));
            }

            offsets[user + 1]++;
        }

        for (var user = 0; user < userCount; user++)
        {
            offsets[user + 1] += offsets[user];
        }

        var cursor = offsets[..^1];
        var sorted = new int[items.Length];
        for (var k = 0; k < users.Length; k++)
        {
            if ((uint)items[k] >= (uint)itemCount)
            {
                throw new ArgumentException($"Item {items[k]} is outside [0, {itemCount}).", nameof(items));
            }

            sorted[cursor[users[k]]++] = items[k];
        }

        for (var user = 0; user < userCount; user++)
        {
            var row = sorted.AsSpan(offsets[user], offsets[user + 1] - offsets[user]);
            row.Sort();
            for (var k = 1; k < row.Length; k++)
            {
                if (row[k] == row[k - 1])
                {
                    throw new ArgumentException($"Interaction (user {user}, item {row[k]}) appears twice.", nameof(items));
                }
            }
        }

        return new InteractionMatrix(userCount, itemCount, offsets, sorted);
    }

    /// <summary>The item × user transpose, built in O(nnz).</summary>
    public InteractionMatrix Transpose()
    {
        var offsets = new int[ItemCount + 1];
        foreach (var item in _items)
        {
            offsets[item + 1]++;
        }

        for (var item = 0; item < ItemCount; item++)
        {
            offsets[item + 1] += offsets[item];
        }

        var cursor = offsets[..^1];
        var users = new int[_items.Length];
        for (var user = 0; user < UserCount; user++)
        {
            foreach (var item in ItemsOf(user))
            {
                users[cursor[item]++] = user;
            }
        }

        return new InteractionMatrix(ItemCount, UserCount, offsets, users);
    }
}
