namespace Workflows.Cosmology.Grids;

/// <summary>An in-memory float32 field on a C-order grid. Large volumes are streamed instead (see <see cref="IGridReader"/>).</summary>
public sealed class VoxelGrid
{
    public VoxelGrid(GridShape shape) : this(shape, new float[shape.VoxelCount]) { }

    public VoxelGrid(GridShape shape, float[] data)
    {
        if (data.LongLength != shape.VoxelCount)
            throw new ArgumentException($"Grid {shape} needs {shape.VoxelCount} values, got {data.LongLength}.", nameof(data));
        Shape = shape;
        Data = data;
    }

    public GridShape Shape { get; }

    public float[] Data { get; }

    public float this[int x, int y, int z]
    {
        get => Data[Shape.IndexOf(x, y, z)];
        set => Data[Shape.IndexOf(x, y, z)] = value;
    }

    public double Sum()
    {
        double total = 0;
        foreach (float v in Data) total += v;
        return total;
    }

    /// <summary>
    /// Copies a region that may extend past the grid: outside voxels wrap (periodic box) or read as zero.
    /// </summary>
    public VoxelGrid Extract(VoxelRegion region, bool periodic)
    {
        var result = new VoxelGrid(new GridShape(region.Size.X, region.Size.Y, region.Size.Z));
        var zSource = SourceIndices(region.Origin.Z, region.Size.Z, Shape.Nz, periodic);
        for (int i = 0; i < region.Size.X; i++)
        {
            int x = SourceIndex(region.Origin.X + i, Shape.Nx, periodic);
            for (int j = 0; j < region.Size.Y; j++)
            {
                int y = SourceIndex(region.Origin.Y + j, Shape.Ny, periodic);
                if (x < 0 || y < 0) continue;
                long row = Shape.IndexOf(x, y, 0);
                long target = result.Shape.IndexOf(i, j, 0);
                for (int k = 0; k < zSource.Length; k++)
                    if (zSource[k] >= 0) result.Data[target + k] = Data[row + zSource[k]];
            }
        }
        return result;
    }

    /// <summary>Writes <paramref name="block"/> into this grid at <paramref name="origin"/> (must fit inside).</summary>
    public void Paste(VoxelGrid block, Int3 origin)
    {
        var s = block.Shape;
        if (origin.X < 0 || origin.Y < 0 || origin.Z < 0 || origin.X + s.Nx > Shape.Nx || origin.Y + s.Ny > Shape.Ny || origin.Z + s.Nz > Shape.Nz)
            throw new ArgumentException($"Block {s} at {origin} does not fit in grid {Shape}.", nameof(block));
        for (int i = 0; i < s.Nx; i++)
            for (int j = 0; j < s.Ny; j++)
                Array.Copy(block.Data, block.Shape.IndexOf(i, j, 0), Data, Shape.IndexOf(origin.X + i, origin.Y + j, origin.Z), s.Nz);
    }

    /// <summary>Source index for a possibly out-of-range coordinate: wrapped if periodic, else -1 (reads as zero).</summary>
    internal static int SourceIndex(int coordinate, int extent, bool periodic)
    {
        if (coordinate >= 0 && coordinate < extent) return coordinate;
        return periodic ? ((coordinate % extent) + extent) % extent : -1;
    }

    internal static int[] SourceIndices(int origin, int count, int extent, bool periodic)
    {
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = SourceIndex(origin + i, extent, periodic);
        return indices;
    }
}
