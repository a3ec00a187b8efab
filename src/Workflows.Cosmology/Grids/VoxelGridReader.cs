namespace Workflows.Cosmology.Grids;

/// <summary>Reads regions of a grid held in memory, e.g. one gridded from particles, as if it were a file.</summary>
public sealed class VoxelGridReader(VoxelGrid grid, string sourceName) : IGridReader
{
    public string SourceName { get; } = sourceName;

    public GridShape Shape => grid.Shape;

    public void ReadRegion(VoxelRegion region, Span<float> destination)
    {
        this.CheckInside(region, destination.Length);
        grid.Extract(region, periodic: false).Data.CopyTo(destination);
    }

    public void Dispose()
    {
    }
}
