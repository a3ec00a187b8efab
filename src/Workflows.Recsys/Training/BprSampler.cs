using Workflows.Recsys.Data;
using Workflows.Torch;

namespace Workflows.Recsys.Training;

/// <summary>One batch of BPR triples (dense user and item indices, items not offset).</summary>
public sealed record TripleBatch(int[] Users, int[] Positives, int[] Negatives)
{
    /// <summary>Number of triples.</summary>
    public int Count => Users.Length;
}

/// <summary>
/// The study's sampler: user uniform over users with train items, positive uniform among that user's train items,
/// one negative uniform among items the user has not interacted with in train. One epoch draws as many triples as
/// there are train interactions. Batch b of epoch e is drawn from its own stream (seed, e, b), so an epoch is the
/// same whatever the thread count and a resumed run continues the exact data order.
/// </summary>
public sealed class BprSampler
{
    private const ulong SamplerPurpose = 0x4250_5253UL;
    private readonly InteractionMatrix _train;
    private readonly int[] _users;
    private readonly ulong _seed;

    /// <summary>Samples from <paramref name="train"/> with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">Train is empty, or a user interacted with every item (no negative exists).</exception>
    public BprSampler(InteractionMatrix train, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        _train = train;
        _users = train.NonEmptyUsers();
        _seed = seed;
        if (_users.Length == 0)
        {
            throw new ArgumentException("The train matrix has no interaction to sample.", nameof(train));
        }

        foreach (var user in _users)
        {
            if (train.DegreeOf(user) == train.ItemCount)
            {
                throw new ArgumentException($"User {user} interacted with every item; BPR has no negative to sample.", nameof(train));
            }
        }
    }

    /// <summary>Triples per epoch (= train interactions).</summary>
    public int TriplesPerEpoch => _train.Count;

    /// <summary>Batches per epoch for <paramref name="batchSize"/> (the last may be smaller).</summary>
    public int BatchCount(int batchSize) => (TriplesPerEpoch + batchSize - 1) / batchSize;

    /// <summary>Draws batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.</summary>
    public TripleBatch SampleBatch(int epoch, int batch, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var count = Math.Min(batchSize, TriplesPerEpoch - (batch * batchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(batch));
        var random = SplitMix64.Derive(_seed ^ SamplerPurpose, (ulong)epoch, (ulong)batch);
        var users = new int[count];
        var positives = new int[count];
        var negatives = new int[count];
        for (var t = 0; t < count; t++)
        {
            var user = _users[random.NextInt(_users.Length)];
            var items = _train.ItemsOf(user);
            users[t] = user;
            positives[t] = items[random.NextInt(items.Length)];
            int negative;
            do
            {
                negative = random.NextInt(_train.ItemCount);
            }
            while (items.BinarySearch(negative) >= 0);
            negatives[t] = negative;
        }

        return new TripleBatch(users, positives, negatives);
    }

    /// <summary>Draws every batch of <paramref name="epoch"/>, using up to <paramref name="maxDegreeOfParallelism"/> threads.</summary>
    public TripleBatch[] SampleEpoch(int epoch, int batchSize, int maxDegreeOfParallelism)
    {
        var batches = new TripleBatch[BatchCount(batchSize)];
        Parallel.For(0, batches.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism) },
            b => batches[b] = SampleBatch(epoch, b, batchSize));
        return batches;
    }
}
