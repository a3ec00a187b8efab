namespace Workflows.Cosmology.Tiling;

/// <summary>
/// How a volume is cut: tiles of <see cref="TileSize"/>³ on a lattice, each cut with <see cref="Halo"/> voxels
/// of neighbours (0 = the studies' reproduce mode, where a tile sees zeros beyond its border). Outside the
/// volume a cut wraps for periodic boxes and reads zeros otherwise. <see cref="PadPartialTiles"/> lets the
/// lattice overhang a volume whose size is not a multiple of the tile size (the overhang is cropped when
/// stitching); without it such a volume is an error.
/// </summary>
public sealed record TilingSpec(int TileSize, int Halo = 0, bool Periodic = true, bool PadPartialTiles = false)
{
    public int CutSize => TileSize + 2 * Halo;

    public bool IsReproduceMode => Halo == 0;

    /// <summary>Checks that tiles and halos line up with a model that pools by <paramref name="poolingMultiple"/>.</summary>
    public void EnsureAligned(int poolingMultiple)
    {
        if (TileSize <= 0 || Halo < 0)
            throw new ArgumentException($"Tile size must be positive and halo non-negative (tile {TileSize}, halo {Halo}).");
        if (TileSize % poolingMultiple != 0 || Halo % poolingMultiple != 0)
            throw new ArgumentException(
                $"Tile size {TileSize} and halo {Halo} must be multiples of {poolingMultiple} so that pooling grids line up across tiles.");
    }
}
