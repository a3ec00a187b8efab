using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class RecommenderModelTests
{
    [Theory]
    [InlineData(SpMMBackend.Csr)]
    [InlineData(SpMMBackend.Torch)]
    public void Propagate_LightGcnTwoUsersTwoItems_MeanOfLayersWithHandComputedAdjacency(SpMMBackend backend)
    {
        // Rows 0 = u0, 1 = u1, 2 = i0, 3 = i1; edges u0–i0, u0–i1, u1–i1; degrees u0 2, u1 1, i0 1, i1 2.
        // Â: (u0,i0) = 1/√(2·1) = s, (u0,i1) = 1/√(2·2) = ½, (u1,i1) = 1/√(1·2) = s, symmetric.
        var train = InteractionMatrix.FromPairs(2, 2, [0, 0, 1], [0, 1, 1]);
        using var model = RecommenderModel.Create(Backbone.LightGcn, train, layers: 2, CPU, backend);
        using var layer0 = tensor(new float[] { 1, 1, 2, 0, 3, 0, 4, 0 }, [4, 2]);

        using var final = model.Propagate(layer0);

        var s = 1 / Math.Sqrt(2);
        // Column 0: E0 = [1, 2, 3, 4]; E1 = [3s + 2, 4s, s, ½ + 2s]; E2 = [¾ + s, 1 + ½s, 3/2 + 2s, 3 + 3/2·s].
        // Column 1: E0 = [1, 0, 0, 0]; E1 = [0, 0, s, ½]; E2 = [¾, ½s, 0, 0].
        double[] expected =
        [
            (3.75 + 4 * s) / 3, 1.75 / 3,
            (3 + 4.5 * s) / 3, 0.5 * s / 3,
            (4.5 + 3 * s) / 3, s / 3,
            (7.5 + 3.5 * s) / 3, 0.5 / 3,
        ];
        var actual = final.data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    [Fact]
    public void Propagate_Mf_ReturnsLayerZero()
    {
        using var model = RecommenderModel.Create(Backbone.Mf, InteractionMatrix.FromPairs(2, 2, [0, 0, 1], [0, 1, 1]), layers: 3, CPU);
        using var layer0 = tensor(new float[] { 1, 2, 3, 4 }, [4, 1]);

        using var final = model.Propagate(layer0);

        Assert.Equal(new float[] { 1, 2, 3, 4 }, final.data<float>().ToArray());
    }
}
