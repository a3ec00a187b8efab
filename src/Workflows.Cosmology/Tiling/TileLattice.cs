using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tiling;

/// <summary>The tiles covering a volume under a <see cref="TilingSpec"/>.</summary>
public sealed record TileLattice
{
    public TileLattice(GridShape volume, TilingSpec spec)
    {
        int t = spec.TileSize;
        if (t <= 0) throw new ArgumentException($"Tile size must be positive, got {t}.", nameof(spec));
        if (!spec.PadPartialTiles && (volume.Nx % t != 0 || volume.Ny % t != 0 || volume.Nz % t != 0))
            throw new ArgumentException(
                $"Volume {volume} is not a multiple of the tile size {t}; enable padding of partial tiles or choose another tile size.",
                nameof(volume));
        Volume = volume;
        Spec = spec;
    }

    public GridShape Volume { get; }

    public TilingSpec Spec { get; }

    public Int3 Counts => new(CeilDiv(Volume.Nx), CeilDiv(Volume.Ny), CeilDiv(Volume.Nz));

    public int TileCount => (int)Counts.Product;

    /// <summary>All tiles in C order of their lattice coordinates.</summary>
    public IEnumerable<TileKey> Tiles
    {
        get
        {
            var c = Counts;
            for (int i = 0; i < c.X; i++)
                for (int j = 0; j < c.Y; j++)
                    for (int k = 0; k < c.Z; k++)
                        yield return new TileKey(i, j, k);
        }
    }

    /// <summary>The tile's interior; it overhangs the volume for padded partial tiles.</summary>
    public VoxelRegion Interior(TileKey key) => VoxelRegion.Cube(key.ToInt3() * Spec.TileSize, Spec.TileSize);

    /// <summary>The interior grown by the halo: what the model sees.</summary>
    public VoxelRegion Cut(TileKey key) => Interior(key).Grow(Spec.Halo);

    /// <summary>The part of the interior inside the volume.</summary>
    public VoxelRegion InteriorInVolume(TileKey key)
    {
        var r = Interior(key);
        var end = new Int3(Math.Min(r.End.X, Volume.Nx), Math.Min(r.End.Y, Volume.Ny), Math.Min(r.End.Z, Volume.Nz));
        return new VoxelRegion(r.Origin, end - r.Origin);
    }

    public bool Contains(TileKey key) =>
        key.I >= 0 && key.J >= 0 && key.K >= 0 && key.I < Counts.X && key.J < Counts.Y && key.K < Counts.Z;

    private int CeilDiv(int n) => (n + Spec.TileSize - 1) / Spec.TileSize;
}
