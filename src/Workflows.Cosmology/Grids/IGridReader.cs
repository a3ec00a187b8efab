namespace Workflows.Cosmology.Grids;

/// <summary>Reads blocks of a 3D grid without loading all of it.</summary>
public interface IGridReader : IDisposable
{
    /// <summary>The file or blob name used in error messages.</summary>
    string SourceName { get; }

    GridShape Shape { get; }

    /// <summary>Reads a region lying inside the grid into <paramref name="destination"/> in C order.</summary>
    void ReadRegion(VoxelRegion region, Span<float> destination);
}

public static class GridReaderExtensions
{
    public static VoxelGrid ReadAll(this IGridReader reader) => reader.ReadRegion(reader.Shape.Whole);

    public static VoxelGrid ReadRegion(this IGridReader reader, VoxelRegion region)
    {
        var grid = new VoxelGrid(new GridShape(region.Size.X, region.Size.Y, region.Size.Z));
        reader.ReadRegion(region, grid.Data);
        return grid;
    }

    /// <summary>Reads planes [x0, x0 + count) along the slowest axis.</summary>
    public static void ReadPlanes(this IGridReader reader, int x0, int count, Span<float> destination) =>
        reader.ReadRegion(new VoxelRegion(new Int3(x0, 0, 0), new Int3(count, reader.Shape.Ny, reader.Shape.Nz)), destination);

    internal static void CheckInside(this IGridReader reader, VoxelRegion region, int destinationLength)
    {
        var s = reader.Shape;
        if (region.Origin.X < 0 || region.Origin.Y < 0 || region.Origin.Z < 0 ||
            region.End.X > s.Nx || region.End.Y > s.Ny || region.End.Z > s.Nz || region.Size.Product <= 0)
            throw new ArgumentOutOfRangeException(nameof(region), $"{reader.SourceName}: region {region} is not inside grid {s}.");
        if (destinationLength != region.VoxelCount)
            throw new ArgumentException($"Destination holds {destinationLength} values; region {region} has {region.VoxelCount}.");
    }
}
