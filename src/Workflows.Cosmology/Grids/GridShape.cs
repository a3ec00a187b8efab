namespace Workflows.Cosmology.Grids;

/// <summary>The extent of a 3D grid stored in C order: index = (x·Ny + y)·Nz + z.</summary>
public readonly record struct GridShape(int Nx, int Ny, int Nz)
{
    public static GridShape Cube(int n) => new(n, n, n);

    public long VoxelCount => (long)Nx * Ny * Nz;

    public long PlaneSize => (long)Ny * Nz;

    public bool IsCubic => Nx == Ny && Ny == Nz;

    public Int3 Size => new(Nx, Ny, Nz);

    public VoxelRegion Whole => new(default, Size);

    public long IndexOf(int x, int y, int z) => ((long)x * Ny + y) * Nz + z;

    public override string ToString() => $"{Nx}×{Ny}×{Nz}";
}
