using System.Numerics;
using TorchSharp;

namespace Workflows.Recsys.Evaluation;

/// <summary>
/// Row-wise top-k over a row-major score matrix, written for the CPU: each row is scanned once against the current
/// k-th best score, a vector of scores at a time, so almost every score costs a fraction of one comparison. Ties rank
/// the lower column first, which makes the result independent of the thread count. Rows are spread over
/// <c>torch.get_num_threads()</c> workers.
/// </summary>
internal static class TopKSelector
{
    private const int RowsPerChunk = 16;

    /// <summary>
    /// Writes the columns of the <paramref name="k"/> largest scores of each row, best first, to <paramref name="output"/>
    /// (rows × k, row-major). NaN scores rank as −∞.
    /// </summary>
    public static unsafe void SelectRows(ReadOnlySpan<float> scores, int columns, int k, Span<long> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, columns);
        if (scores.Length % columns != 0 || output.Length != scores.Length / columns * k)
        {
            throw new ArgumentException($"Expected scores of rows × {columns} and an output of rows × {k}.");
        }

        var rows = scores.Length / columns;
        fixed (float* scoresPointer = scores)
        fixed (long* outputPointer = output)
        {
            var source = (IntPtr)scoresPointer;
            var target = (IntPtr)outputPointer;
            var chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
            Parallel.For(0, chunks, options, () => new RowHeap(k), (chunk, _, heap) =>
            {
                var last = Math.Min(rows, (chunk + 1) * RowsPerChunk);
                for (var row = chunk * RowsPerChunk; row < last; row++)
                {
                    var rowScores = new ReadOnlySpan<float>((float*)source + ((long)row * columns), columns);
                    heap.Select(rowScores, new Span<long>((long*)target + ((long)row * k), k));
                }

                return heap;
            }, _ => { });
        }
    }

    /// <summary>A min-heap of the k best (score, column) pairs seen so far; its root is the worst of them.</summary>
    private sealed class RowHeap(int k)
    {
        private readonly float[] _scores = new float[k];
        private readonly int[] _columns = new int[k];

        public void Select(ReadOnlySpan<float> row, Span<long> best)
        {
            for (var column = 0; column < k; column++)
            {
                _scores[column] = Rank(row[column]);
                _columns[column] = column;
            }

            for (var node = (k / 2) - 1; node >= 0; node--)
            {
                SiftDown(node, k);
            }

            ScanRemainder(row);
            WriteBestFirst(best);
        }

        private void ScanRemainder(ReadOnlySpan<float> row)
        {
            var column = k;
            var width = Vector<float>.Count;
            if (Vector.IsHardwareAccelerated)
            {
                var threshold = new Vector<float>(_scores[0]);
                for (; column + width <= row.Length; column += width)
                {
                    if (!Vector.GreaterThanAny(new Vector<float>(row.Slice(column, width)), threshold))
                    {
                        continue;
                    }

                    for (var lane = column; lane < column + width; lane++)
                    {
                        Offer(row[lane], lane);
                    }

                    threshold = new Vector<float>(_scores[0]);
                }
            }

            for (; column < row.Length; column++)
            {
                Offer(row[column], column);
            }
        }

        // Columns arrive in increasing order, so an equal score never displaces an earlier column.
        private void Offer(float score, int column)
        {
            if (score > _scores[0])
            {
                _scores[0] = score;
                _columns[0] = column;
                SiftDown(0, k);
            }
        }

        private void SiftDown(int node, int size)
        {
            while (true)
            {
                var worst = node;
                var left = (2 * node) + 1;
                var right = left + 1;
                if (left < size && Worse(left, worst))
                {
                    worst = left;
                }

                if (right < size && Worse(right, worst))
                {
                    worst = right;
                }

                if (worst == node)
                {
                    return;
                }

                (_scores[node], _scores[worst]) = (_scores[worst], _scores[node]);
                (_columns[node], _columns[worst]) = (_columns[worst], _columns[node]);
                node = worst;
            }
        }

        private bool Worse(int a, int b) =>
            _scores[a] < _scores[b] || (_scores[a] == _scores[b] && _columns[a] > _columns[b]);

        // Pops the worst pair into the last free position until the heap is empty, leaving the best first.
        private void WriteBestFirst(Span<long> best)
        {
            for (var size = k; size > 0; size--)
            {
                best[size - 1] = _columns[0];
                _scores[0] = _scores[size - 1];
                _columns[0] = _columns[size - 1];
                SiftDown(0, size - 1);
            }
        }

        private static float Rank(float score) => float.IsNaN(score) ? float.NegativeInfinity : score;
    }
}
