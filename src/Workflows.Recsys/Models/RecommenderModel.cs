using TorchSharp;
using Workflows.Recsys.Data;
using static TorchSharp.torch;

namespace Workflows.Recsys.Models;

/// <summary>
/// Maps layer-0 embeddings (M⊙X, users first then items) to the final embeddings that are scored by dot product.
/// Holds no weights and caches nothing: every call recomputes from the layer-0 tensor it is given, so a mask change
/// can never leave stale propagated embeddings behind.
/// </summary>
public sealed class RecommenderModel : IDisposable
{
    private readonly IGraphOperator? _graph;

    private RecommenderModel(Backbone backbone, int userCount, int itemCount, int layers, IGraphOperator? graph)
    {
        Backbone = backbone;
        UserCount = userCount;
        ItemCount = itemCount;
        Layers = layers;
        _graph = graph;
    }

    /// <summary>The backbone.</summary>
    public Backbone Backbone { get; }

    /// <summary>Number of user rows (the first rows of the table).</summary>
    public int UserCount { get; }

    /// <summary>Number of item rows (after the users).</summary>
    public int ItemCount { get; }

    /// <summary>LightGCN propagation depth K (0 for MF).</summary>
    public int Layers { get; }

    /// <summary>Creates the model for <paramref name="train"/> on <paramref name="device"/>; LightGCN builds Â from train only.</summary>
    public static RecommenderModel Create(Backbone backbone, InteractionMatrix train, int layers, Device device, SpMMBackend spmm = SpMMBackend.Auto)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (backbone == Backbone.Mf)
        {
            return new RecommenderModel(backbone, train.UserCount, train.ItemCount, 0, null);
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        var graph = GraphOperators.Create(NormalizedAdjacency.Build(train), device, spmm);
        return new RecommenderModel(backbone, train.UserCount, train.ItemCount, layers, graph);
    }

    /// <summary>The final embeddings for <paramref name="layer0"/> (differentiable).</summary>
    public Tensor Propagate(Tensor layer0)
    {
        ArgumentNullException.ThrowIfNull(layer0);
        if (_graph is null)
        {
            return layer0.alias();
        }

        // Explicit scalars (see BprLoss): the operators' implicit ones can be finalized while libtorch reads them.
        using var one = 1.ToScalar();
        using var layerMean = (1.0 / (Layers + 1)).ToScalar();
        var current = layer0;
        var sum = layer0.alias();
        for (var layer = 0; layer < Layers; layer++)
        {
            current = _graph.Multiply(current);
            sum = sum.add(current, one);
        }

        return sum.mul(layerMean);
    }

    /// <inheritdoc />
    public void Dispose() => _graph?.Dispose();
}
