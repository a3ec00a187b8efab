using static TorchSharp.torch;

namespace Workflows.Torch.Npy;

/// <summary>Converts float32 tensors to and from <see cref="NpyArray"/>.</summary>
public static class NpyTensors
{
    /// <summary>A float32 <c>.npy</c> array holding a host copy of <paramref name="tensor"/>.</summary>
    public static NpyArray FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return NpyArray.FromFloats(TensorSpans.ToFloatArray(tensor), tensor.shape);
    }

    /// <summary>A float32 tensor on <paramref name="device"/> holding the array's values.</summary>
    public static Tensor ToTensor(NpyArray array, Device device)
    {
        ArgumentNullException.ThrowIfNull(array);
        return TensorSpans.FromFloats(array.AsFloats(), array.Shape, device);
    }
}
