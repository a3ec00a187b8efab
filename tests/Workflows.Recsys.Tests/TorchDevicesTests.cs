using TorchSharp;
using Workflows.Recsys.Data;
using Workflows.Recsys.Models;
using Workflows.Torch;
using static TorchSharp.torch;

namespace Workflows.Recsys.Tests;

/// <summary>Device plumbing, tested on the CPU: the solution references TorchSharp-cpu, so libtorch never sees CUDA here.</summary>
public class TorchDevicesTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    [InlineData("auto")]
    public void Parse_CpuOrAutoWithoutCuda_SelectsTheCpu(string name)
    {
        Assert.False(cuda.is_available(), "TorchSharp-cpu has no CUDA backend.");

        var device = TorchDevices.Parse(name);

        Assert.Equal(DeviceType.CPU, device.type);
        Assert.Equal(DeviceType.CPU, TorchDevices.Preferred().type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void Parse_CudaWithoutCuda_ErrorSaysNoDeviceIsAvailable(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TorchDevices.Parse(name));

        Assert.Contains($"Device '{name}' was requested but no CUDA device is available.", error.Message);
    }

    [Fact]
    public void Parse_UnknownName_ErrorListsTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => TorchDevices.Parse("gpu"));

        Assert.Contains("Unknown device 'gpu'; expected auto, cpu, cuda or cuda:N.", error.Message);
    }

    [Fact]
    public void GraphOperators_CsrKernelOnCuda_RefusedBeforeTouchingTheDevice()
    {
        var adjacency = NormalizedAdjacency.Build(InteractionMatrix.FromPairs(1, 1, [0], [0]));

        var error = Assert.Throws<ArgumentException>(() => GraphOperators.Create(adjacency, new Device(DeviceType.CUDA, 0), SpMMBackend.Csr));

        Assert.Contains("The CSR kernel runs on the CPU only", error.Message);
    }

    [Fact]
    public void Propagate_OnTheParsedDevice_StaysOnIt()
    {
        var device = TorchDevices.Parse("cpu");
        using var model = RecommenderModel.Create(Backbone.LightGcn, InteractionMatrix.FromPairs(1, 1, [0], [0]), layers: 1, device);
        using var layer0 = ones(2, 3, device: device);

        using var final = model.Propagate(layer0);

        Assert.Equal(DeviceType.CPU, final.device.type);
        Assert.Equal([2L, 3L], final.shape);
    }
}
