using Workflows.Torch.Checkpoints;
using static TorchSharp.torch;

namespace Workflows.Torch.Tests;

public class CheckpointStoreTests
{
    [Fact]
    public async Task SaveAsync_FileStore_ReplacesLatestAtomically()
    {
        var path = Path.Combine(Path.GetTempPath(), "wf-torch-tests", Guid.NewGuid().ToString("N"), "round.ckpt");
        var store = new FileCheckpointStore(path);
        Assert.Null(await store.TryOpenLatestAsync(CancellationToken.None));

        await store.SaveAsync(1, new MemoryStream([1, 2, 3]), CancellationToken.None);
        await store.SaveAsync(2, new MemoryStream([4, 5]), CancellationToken.None);

        await using var latest = await store.TryOpenLatestAsync(CancellationToken.None);
        using var copy = new MemoryStream();
        await latest!.CopyToAsync(copy);
        Assert.Equal([4, 5], copy.ToArray());
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Read_WrittenTensor_RoundTripsBitForBit()
    {
        using var original = randn(3, 4);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            TensorBinary.Write(writer, original);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        using var read = TensorBinary.Read(reader, CPU);

        Assert.Equal([3L, 4L], read.shape);
        Assert.Equal(original.data<float>().ToArray(), read.data<float>().ToArray());
    }
}
