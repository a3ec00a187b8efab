using static TorchSharp.torch;

namespace Workflows.Torch.Checkpoints;

/// <summary>Writes float32 tensors into checkpoint streams (rank, shape, raw little-endian values) and reads them back.</summary>
public static class TensorBinary
{
    /// <summary>Appends a host copy of <paramref name="tensor"/>.</summary>
    public static void Write(BinaryWriter writer, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensor);
        var values = TensorSpans.ToFloatArray(tensor);
        writer.Write(tensor.shape.Length);
        foreach (var size in tensor.shape)
        {
            writer.Write(size);
        }

        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads a tensor written by <see cref="Write"/> onto <paramref name="device"/>.</summary>
    /// <exception cref="InvalidDataException">The stream ends early or holds an impossible shape.</exception>
    public static Tensor Read(BinaryReader reader, Device device)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rank = reader.ReadInt32();
        if (rank is < 0 or > 8)
        {
            throw new InvalidDataException($"Checkpoint tensor has an impossible rank {rank}.");
        }

        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
            if (shape[i] < 0)
            {
                throw new InvalidDataException($"Checkpoint tensor has a negative dimension {shape[i]}.");
            }
        }

        var count = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        var bytes = reader.ReadBytes(checked(count * sizeof(float)));
        if (bytes.Length != count * sizeof(float))
        {
            throw new InvalidDataException("Checkpoint tensor is truncated.");
        }

        return TensorSpans.FromFloats(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes), shape, device);
    }
}
