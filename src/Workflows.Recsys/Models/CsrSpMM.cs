using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using Workflows.Torch;
using static TorchSharp.torch;

namespace Workflows.Recsys.Models;

/// <summary>
/// Sparse (CSR) × dense products written for the CPU: each output row is accumulated in a fixed order, so results
/// are identical for any thread count. Rows are spread over <c>torch.get_num_threads()</c> workers.
/// </summary>
public static class CsrSpMM
{
    private const int RowsPerChunk = 256;

    /// <summary>Returns <paramref name="matrix"/> × <paramref name="dense"/> as a new contiguous CPU float32 tensor.</summary>
    public static Tensor Multiply(CsrMatrix matrix, Tensor dense)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(dense);
        if (dense.dim() != 2 || dense.shape[0] != matrix.Columns)
        {
            throw new ArgumentException($"Expected a [{matrix.Columns}, d] tensor, got [{string.Join(", ", dense.shape)}].", nameof(dense));
        }

        using var input = dense.contiguous();
        var width = (int)dense.shape[1];
        var output = zeros([matrix.Rows, width], ScalarType.Float32, CPU);
        Multiply(matrix, TensorSpans.AsFloatSpan(input), TensorSpans.AsFloatSpan(output), width);
        return output;
    }

    /// <summary>Computes <paramref name="output"/> = <paramref name="matrix"/> × <paramref name="input"/> on row-major spans of width <paramref name="width"/>.</summary>
    public static unsafe void Multiply(CsrMatrix matrix, ReadOnlySpan<float> input, Span<float> output, int width)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (input.Length != (long)matrix.Columns * width || output.Length != (long)matrix.Rows * width)
        {
            throw new ArgumentException("Span lengths do not match the matrix and width.");
        }

        fixed (float* inputPointer = input)
        fixed (float* outputPointer = output)
        {
            var source = (IntPtr)inputPointer;
            var target = (IntPtr)outputPointer;
            var chunks = (matrix.Rows + RowsPerChunk - 1) / RowsPerChunk;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
            Parallel.For(0, chunks, options, chunk =>
            {
                var first = chunk * RowsPerChunk;
                var last = Math.Min(matrix.Rows, first + RowsPerChunk);
                MultiplyRows(matrix, (float*)source, (float*)target, width, first, last);
            });
        }
    }

    private static unsafe void MultiplyRows(CsrMatrix matrix, float* input, float* output, int width, int first, int last)
    {
        var offsets = matrix.RowOffsets;
        var columns = matrix.ColumnIndices;
        var values = matrix.Values;
        var vectorWidth = Vector<float>.Count;
        for (var row = first; row < last; row++)
        {
            var outputRow = new Span<float>(output + ((long)row * width), width);
            for (var k = offsets[row]; k < offsets[row + 1]; k++)
            {
                var weight = values[k];
                var inputRow = new ReadOnlySpan<float>(input + ((long)columns[k] * width), width);
                var i = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    var scale = new Vector<float>(weight);
                    var inputVectors = MemoryMarshal.Cast<float, Vector<float>>(inputRow);
                    var outputVectors = MemoryMarshal.Cast<float, Vector<float>>(outputRow);
                    for (var v = 0; v < inputVectors.Length; v++)
                    {
                        outputVectors[v] += inputVectors[v] * scale;
                    }

                    i = inputVectors.Length * vectorWidth;
                }

                for (; i < width; i++)
                {
                    outputRow[i] += weight * inputRow[i];
                }
            }
        }
    }
}
