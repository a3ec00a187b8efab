using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tiling;

/// <summary>A tile's lattice coordinates.</summary>
public readonly record struct TileKey(int I, int J, int K)
{
    /// <summary>A stable name for blobs and logs, e.g. "tile-001-000-003".</summary>
    public string Name => $"tile-{I:D3}-{J:D3}-{K:D3}";

    public Int3 ToInt3() => new(I, J, K);

    public override string ToString() => Name;
}
