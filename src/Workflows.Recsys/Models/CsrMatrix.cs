namespace Workflows.Recsys.Models;

/// <summary>A square or rectangular float matrix in CSR form (row offsets, column indices, values).</summary>
public sealed class CsrMatrix
{
    /// <summary>Wraps CSR arrays; <paramref name="isSymmetric"/> lets backward passes reuse the matrix as its transpose.</summary>
    public CsrMatrix(int rows, int columns, int[] rowOffsets, int[] columnIndices, float[] values, bool isSymmetric)
    {
        ArgumentNullException.ThrowIfNull(rowOffsets);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowOffsets.Length != rows + 1 || columnIndices.Length != values.Length || rowOffsets[^1] != values.Length)
        {
            throw new ArgumentException("Inconsistent CSR arrays.");
        }

        Rows = rows;
        Columns = columns;
        RowOffsets = rowOffsets;
        ColumnIndices = columnIndices;
        Values = values;
        IsSymmetric = isSymmetric;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Row offsets, length <see cref="Rows"/> + 1.</summary>
    public int[] RowOffsets { get; }

    /// <summary>Column index of each stored value.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Stored values.</summary>
    public float[] Values { get; }

    /// <summary>Whether the matrix equals its transpose.</summary>
    public bool IsSymmetric { get; }

    /// <summary>Number of stored values.</summary>
    public int NonZeros => Values.Length;
}
