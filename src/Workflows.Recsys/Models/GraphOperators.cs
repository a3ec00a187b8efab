using TorchSharp;
using static TorchSharp.torch;

namespace Workflows.Recsys.Models;

/// <summary>A differentiable product with a fixed sparse matrix, on one device.</summary>
public interface IGraphOperator : IDisposable
{
    /// <summary>Returns A·<paramref name="dense"/>; gradients flow to <paramref name="dense"/>.</summary>
    Tensor Multiply(Tensor dense);
}

/// <summary>Which sparse-product implementation to use.</summary>
public enum SpMMBackend
{
    /// <summary>The custom CSR kernel on CPU, libtorch's sparse product on CUDA.</summary>
    Auto,

    /// <summary>The custom CSR kernel with its own backward (CPU only).</summary>
    Csr,

    /// <summary>libtorch's sparse COO matrix product (any device).</summary>
    Torch,
}

/// <summary>Creates <see cref="IGraphOperator"/>s.</summary>
public static class GraphOperators
{
    /// <summary>An operator for <paramref name="matrix"/> on <paramref name="device"/> using <paramref name="backend"/>.</summary>
    /// <exception cref="ArgumentException"><see cref="SpMMBackend.Csr"/> was asked for on a non-CPU device, or the matrix is not symmetric.</exception>
    public static IGraphOperator Create(CsrMatrix matrix, Device device, SpMMBackend backend = SpMMBackend.Auto)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(device);
        var useCsr = backend == SpMMBackend.Csr || (backend == SpMMBackend.Auto && device.type == DeviceType.CPU);
        if (!useCsr)
        {
            return new TorchSparseOperator(matrix, device);
        }

        if (device.type != DeviceType.CPU)
        {
            throw new ArgumentException($"The CSR kernel runs on the CPU only, not on {device}.", nameof(backend));
        }

        if (!matrix.IsSymmetric)
        {
            throw new ArgumentException("The CSR kernel's backward needs a symmetric matrix.", nameof(matrix));
        }

        return new CsrOperator(matrix);
    }

    private sealed class CsrOperator(CsrMatrix matrix) : IGraphOperator
    {
        public Tensor Multiply(Tensor dense) => CsrSpMMFunction.apply(matrix, dense);

        public void Dispose()
        {
        }
    }

    private sealed class TorchSparseOperator : IGraphOperator
    {
        private readonly Tensor _sparse;

        public TorchSparseOperator(CsrMatrix matrix, Device device)
        {
            var rows = new long[matrix.NonZeros];
            for (var row = 0; row < matrix.Rows; row++)
            {
                for (var k = matrix.RowOffsets[row]; k < matrix.RowOffsets[row + 1]; k++)
                {
                    rows[k] = row;
                }
            }

            using var rowIndex = tensor(rows);
            using var columnIndex = tensor(matrix.ColumnIndices.Select(c => (long)c).ToArray());
            using var indices = stack([rowIndex, columnIndex]);
            using var values = tensor(matrix.Values);
            var coo = sparse_coo_tensor(indices, values, [matrix.Rows, matrix.Columns]);
            if (device.type == DeviceType.CPU)
            {
                _sparse = coo;
                return;
            }

            _sparse = coo.to(device);
            coo.Dispose();
        }

        public Tensor Multiply(Tensor dense) => _sparse.mm(dense);

        public void Dispose() => _sparse.Dispose();
    }
}
