namespace Workflows.Cosmology.Grids;

/// <summary>An integer triple in (x, y, z) order; x is the slowest-varying axis of a C-order grid.</summary>
public readonly record struct Int3(int X, int Y, int Z)
{
    public static Int3 Uniform(int value) => new(value, value, value);

    public long Product => (long)X * Y * Z;

    public int this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Axis must be 0, 1 or 2."),
    };

    public static Int3 operator +(Int3 a, Int3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Int3 operator -(Int3 a, Int3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Int3 operator *(Int3 a, int s) => new(a.X * s, a.Y * s, a.Z * s);

    public override string ToString() => $"({X}, {Y}, {Z})";
}

/// <summary>An axis-aligned block of voxels; the origin may lie outside the grid (halos).</summary>
public readonly record struct VoxelRegion(Int3 Origin, Int3 Size)
{
    public static VoxelRegion Cube(Int3 origin, int side) => new(origin, Int3.Uniform(side));

    public long VoxelCount => Size.Product;

    public Int3 End => Origin + Size;

    public bool Contains(Int3 p) =>
        p.X >= Origin.X && p.X < End.X && p.Y >= Origin.Y && p.Y < End.Y && p.Z >= Origin.Z && p.Z < End.Z;

    public VoxelRegion Grow(int margin) => new(Origin - Int3.Uniform(margin), Size + Int3.Uniform(2 * margin));

    public override string ToString() => $"[{Origin.X}:{End.X}, {Origin.Y}:{End.Y}, {Origin.Z}:{End.Z}]";
}
