using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workflows.Torch;

/// <summary>Zero-copy views of contiguous CPU tensors, for kernels written in C#.</summary>
public static class TensorSpans
{
    /// <summary>The elements of a contiguous CPU float32 tensor, aliasing its storage.</summary>
    /// <exception cref="ArgumentException">The tensor is not float32, not on the CPU, or not contiguous.</exception>
    public static Span<float> AsFloatSpan(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dtype != ScalarType.Float32 || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException(
                $"Expected a contiguous float32 CPU tensor, got {tensor.dtype} on {tensor.device} (contiguous: {tensor.is_contiguous()}).",
                nameof(tensor));
        }

        return MemoryMarshal.Cast<byte, float>(tensor.bytes);
    }

    /// <summary>Copies any float32 tensor to a new host array (row-major).</summary>
    public static float[] ToFloatArray(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var host = tensor.detach().to(CPU).to_type(ScalarType.Float32).contiguous();
        return AsFloatSpan(host).ToArray();
    }

    /// <summary>A float32 tensor of the given shape holding a copy of <paramref name="values"/>, on <paramref name="device"/>.</summary>
    public static Tensor FromFloats(ReadOnlySpan<float> values, long[] shape, Device device)
    {
        var expected = shape.Aggregate(1L, (a, b) => a * b);
        if (expected != values.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] needs {expected} values, got {values.Length}.", nameof(values));
        }

        var host = empty(shape, ScalarType.Float32, CPU);
        values.CopyTo(AsFloatSpan(host));
        if (device.type == DeviceType.CPU)
        {
            return host;
        }

        using (host)
        {
            return host.to(device);
        }
    }
}
