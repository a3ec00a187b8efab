using static TorchSharp.torch;
namespace Workflows.Torch.Tests;
public class LoadTests
{
    [Fact]
    public void Matmul_OnCpu_Works()
    {
        var a = ones(2, 3);
        var b = ones(3, 4);
        Assert.Equal(3f, a.matmul(b)[1, 2].item<float>());
    }
}
