using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Recsys.Pruning;
using Workflows.Torch;
using Workflows.Torch.Npy;
using static TorchSharp.torch;

namespace Workflows.Recsys.Rounds;

/// <summary>
/// Exports a ticket as one NumPy <c>.npz</c> (see src/Workflows.Recsys/README.md for reading it with numpy):
/// <list type="bullet">
/// <item><c>weights</c> (float32 [users + items, d], pruned entries 0) and <c>mask</c> (bool, same shape): the dense table;</item>
/// <item><c>coo_row</c>, <c>coo_col</c> (int32) and <c>coo_data</c> (float32), one entry per kept (mask = 1) weight in
/// row-major order, with <c>shape</c> (int64 [2]): the same table as a sparse COO table, exactly ‖mask‖₀ entries;</item>
/// <item><c>embeddings</c>: final scoring embeddings, users then items;</item>
/// <item><c>user_ids</c>, <c>item_ids</c>: original ids of rows 0..users-1 and users..users+items-1;</item>
/// <item><c>train_offsets</c>/<c>train_items</c>: the train matrix (CSR), so seen items can be excluded.</item>
/// </list>
/// </summary>
public static class TicketExport
{
    /// <summary>Writes the ticket of a round (its <see cref="RoundArtifact.Weights"/> and <see cref="RoundArtifact.Mask"/>).</summary>
    public static void Write(Stream output, PreparedDataset dataset, RoundSpec spec, NpyArray weights, NpyArray mask, Device device)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(mask);
        using var model = RecommenderModel.Create(spec.Backbone, dataset.Train, spec.Layers, device, spec.SpMM);
        using var noGrad = no_grad();
        using var table = NpyTensors.ToTensor(weights, device);
        using var maskTensor = TensorSpans.FromFloats(mask.AsBooleans().ToArray().Select(m => (float)m).ToArray(), mask.Shape, device);
        using var layer0 = table * maskTensor;
        using var embeddings = model.Propagate(layer0);
        var masked = TensorSpans.ToFloatArray(layer0);
        var (rows, columns, values) = Coo(masked, mask.AsBooleans(), (int)mask.Shape[1]);
        NpzArchive.Write(output, new Dictionary<string, NpyArray>
        {
            ["weights"] = NpyArray.FromFloats(masked, mask.Shape),
            ["mask"] = mask,
            ["coo_row"] = NpyArray.FromInt32(rows, rows.Length),
            ["coo_col"] = NpyArray.FromInt32(columns, columns.Length),
            ["coo_data"] = NpyArray.FromFloats(values, values.Length),
            ["shape"] = NpyArray.FromInt64(mask.Shape, 2),
            ["embeddings"] = NpyTensors.FromTensor(embeddings),
            ["user_ids"] = NpyArray.FromStrings(dataset.Users.Originals),
            ["item_ids"] = NpyArray.FromStrings(dataset.Items.Originals),
            ["train_offsets"] = NpyArray.FromInt32(dataset.Train.Offsets, dataset.Train.Offsets.Length),
            ["train_items"] = NpyArray.FromInt32(dataset.Train.Items, dataset.Train.Items.Length),
        });
    }

    /// <summary>The kept entries of a row-major table with <paramref name="columns"/> columns, in row-major order.</summary>
    private static (int[] Rows, int[] Columns, float[] Values) Coo(float[] table, ReadOnlySpan<byte> mask, int columns)
    {
        var kept = checked((int)MaskPruning.CountKept(mask));
        var (rows, cols, values) = (new int[kept], new int[kept], new float[kept]);
        var next = 0;
        for (var i = 0; i < table.Length; i++)
        {
            if (mask[i] != 0)
            {
                (rows[next], cols[next], values[next]) = (i / columns, i % columns, table[i]);
                next++;
            }
        }

        return (rows, cols, values);
    }
}

/// <summary>Scores an exported ticket for original user ids, without TorchSharp.</summary>
public sealed class TicketScorer
{
    private readonly float[] _embeddings;
    private readonly int _dimension;
    private readonly IdMap _users;
    private readonly IdMap _items;
    private readonly InteractionMatrix _train;

    private TicketScorer(float[] embeddings, int dimension, IdMap users, IdMap items, InteractionMatrix train)
    {
        _embeddings = embeddings;
        _dimension = dimension;
        _users = users;
        _items = items;
        _train = train;
    }

    /// <summary>Reads an archive written by <see cref="TicketExport.Write"/>.</summary>
    public static TicketScorer Load(Stream archive)
    {
        var arrays = NpzArchive.Read(archive, "ticket");
        var users = new IdMap(arrays["user_ids"].AsStrings());
        var items = new IdMap(arrays["item_ids"].AsStrings());
        var embeddings = arrays["embeddings"];
        var train = InteractionMatrix.FromCsr(users.Count, items.Count, arrays["train_offsets"].AsInt32().ToArray(), arrays["train_items"].AsInt32().ToArray(), "ticket train");
        return new TicketScorer(embeddings.AsFloats().ToArray(), (int)embeddings.Shape[1], users, items, train);
    }

    /// <summary>Whether <paramref name="userId"/> is one of the ticket's users.</summary>
    public bool Knows(string userId) => _users.TryGetIndex(userId, out _);

    /// <summary>The top <paramref name="k"/> original item ids for an original user id, excluding the user's train items.</summary>
    /// <exception cref="KeyNotFoundException">The user id is unknown.</exception>
    public IReadOnlyList<string> Recommend(string userId, int k)
    {
        if (!_users.TryGetIndex(userId, out var user))
        {
            throw new KeyNotFoundException($"User '{userId}' is not in the ticket's id map.");
        }

        var userRow = _embeddings.AsSpan(user * _dimension, _dimension);
        var scored = new List<(float Score, int Item)>(_items.Count);
        for (var item = 0; item < _items.Count; item++)
        {
            if (!_train.Contains(user, item))
            {
                var itemRow = _embeddings.AsSpan((_users.Count + item) * _dimension, _dimension);
                scored.Add((Dot(userRow, itemRow), item));
            }
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Item).Take(k).Select(s => _items[s.Item]).ToArray();
    }

    private static float Dot(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        var sum = 0f;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }
}
