using Workflows.Jobs.Processing;
using Workflows.Jobs.Runtime;

namespace Workflows.Jobs.Tests;

public sealed class WorkerDeviceTests
{
    [Theory]
    [InlineData("cpu", null, "cpu")]
    [InlineData("cuda", null, "cuda")]
    [InlineData("cuda", "A100", "cuda (A100)")]
    public void Description_ReadsTheDeviceAndItsGpuTypeWhenThereIsOne(string device, string? gpuType, string expected) =>
        Assert.Equal(expected, new WorkerDevice(device, gpuType).Description);

    [Fact]
    public void Resolve_CpuWithAGpuTypeConfigured_IsTheCpuWithoutAGpuType() =>
        Assert.Equal(new WorkerDevice("cpu", null), WorkerDevice.Resolve(new WorkerOptions { Device = "cpu", GpuType = "A100" }));
}
