using Workflows.Recsys.Models;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

public class CsrSpMMTests
{
    [Fact]
    public void Multiply_ForwardAndBackward_EqualLibtorchSparse()
    {
        var adjacency = NormalizedAdjacency.Build(TestData.Synthetic(users: 60, items: 80).Train);
        using var csr = GraphOperators.Create(adjacency, CPU, SpMMBackend.Csr);
        using var libtorch = GraphOperators.Create(adjacency, CPU, SpMMBackend.Torch);
        manual_seed(5);
        using var input = randn(adjacency.Rows, 16);
        using var outputWeights = randn(adjacency.Rows, 16);

        var (csrOutput, csrGradient) = ForwardBackward(csr, input, outputWeights);
        var (torchOutput, torchGradient) = ForwardBackward(libtorch, input, outputWeights);

        Assert.True(csrOutput.allclose(torchOutput, rtol: 1e-5, atol: 1e-6), "forward differs");
        Assert.True(csrGradient.allclose(torchGradient, rtol: 1e-5, atol: 1e-6), "backward differs");
        Assert.True(csrOutput.abs().sum().item<float>() > 0);
    }

    private static (Tensor Output, Tensor Gradient) ForwardBackward(IGraphOperator graph, Tensor input, Tensor outputWeights)
    {
        var leaf = input.detach().clone().requires_grad_(true);
        // Two layers, as LightGCN chains them.
        var output = graph.Multiply(graph.Multiply(leaf));
        (output * outputWeights).sum().backward();
        return (output.detach(), leaf.grad!.detach().clone());
    }
}
