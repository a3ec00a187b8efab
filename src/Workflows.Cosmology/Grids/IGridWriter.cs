namespace Workflows.Cosmology.Grids;

/// <summary>
/// Writes a float32 grid piece by piece in C order, so a grid larger than memory can be produced one slab at a time.
/// <see cref="Complete"/> checks that every voxel was written.
/// </summary>
public interface IGridWriter : IDisposable
{
    GridShape Shape { get; }

    long VoxelsWritten { get; }

    /// <summary>Appends values in C order (any count; typically whole planes).</summary>
    void Write(ReadOnlySpan<float> values);

    void Complete();
}
