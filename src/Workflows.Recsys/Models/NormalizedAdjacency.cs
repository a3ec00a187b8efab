using Workflows.Recsys.Data;

namespace Workflows.Recsys.Models;

/// <summary>LightGCN's graph operator Â = D^-1/2 A D^-1/2 with A = [[0, R], [Rᵀ, 0]].</summary>
public static class NormalizedAdjacency
{
    /// <summary>
    /// Builds Â in CSR over users then items (item j is node users + j) from the TRAIN matrix only, in O(nnz): no
    /// self loops; nodes of degree 0 have empty rows and columns (weight 0).
    /// </summary>
    public static CsrMatrix Build(InteractionMatrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var users = train.UserCount;
        var nodes = users + train.ItemCount;
        var byItem = train.Transpose();
        var inverseSqrtDegree = new float[nodes];
        for (var user = 0; user < users; user++)
        {
            inverseSqrtDegree[user] = InverseSqrt(train.DegreeOf(user));
        }

        for (var item = 0; item < train.ItemCount; item++)
        {
            inverseSqrtDegree[users + item] = InverseSqrt(byItem.DegreeOf(item));
        }

        var offsets = new int[nodes + 1];
        var columns = new int[2 * train.Count];
        var values = new float[2 * train.Count];
        var position = 0;
        for (var user = 0; user < users; user++)
        {
            foreach (var item in train.ItemsOf(user))
            {
                columns[position] = users + item;
                values[position++] = inverseSqrtDegree[user] * inverseSqrtDegree[users + item];
            }

            offsets[user + 1] = position;
        }

        for (var item = 0; item < train.ItemCount; item++)
        {
            foreach (var user in byItem.ItemsOf(item))
            {
                columns[position] = user;
                values[position++] = inverseSqrtDegree[user] * inverseSqrtDegree[users + item];
            }

            offsets[users + item + 1] = position;
        }

        return new CsrMatrix(nodes, nodes, offsets, columns, values, isSymmetric: true);
    }

    private static float InverseSqrt(int degree) => degree == 0 ? 0f : (float)(1.0 / Math.Sqrt(degree));
}
