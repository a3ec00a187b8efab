using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tiling;

/// <summary>A tile result that cannot be stitched (missing, wrong shape, unreadable); the tile must be redone.</summary>
public sealed class TileOutputException(TileKey tile, string problem) : Exception($"{tile.Name}: {problem}")
{
    public TileKey Tile { get; } = tile;
}

/// <summary>
/// Assembles per-tile outputs (TileSize³ float32 .npy, interiors only) into the full volume as a .npy stream,
/// one tile row (a slab of TileSize planes) at a time; overhang of padded partial tiles is cropped.
/// </summary>
public static class TileStitcher
{
    public static void Stitch(TileLattice lattice, Func<TileKey, Stream> openOutput, Stream destination,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var volume = lattice.Volume;
        int t = lattice.Spec.TileSize;
        using var writer = new NpyGridWriter(destination, volume, leaveOpen: true);
        for (int i = 0; i < lattice.Counts.X; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int planes = Math.Min(t, volume.Nx - i * t);
            var slab = new VoxelGrid(new GridShape(planes, volume.Ny, volume.Nz));
            for (int j = 0; j < lattice.Counts.Y; j++)
                for (int k = 0; k < lattice.Counts.Z; k++)
                {
                    var key = new TileKey(i, j, k);
                    var inVolume = lattice.InteriorInVolume(key);
                    var local = new VoxelRegion(default, inVolume.Size);
                    slab.Paste(ReadTile(key, openOutput, t, local), new Int3(0, inVolume.Origin.Y, inVolume.Origin.Z));
                }
            writer.Write(slab.Data);
            logger.StitchedSlab(i + 1, lattice.Counts.X);
        }
        writer.Complete();
    }

    /// <summary>Checks that a tile result is a readable TileSize³ grid of finite values.</summary>
    public static void Verify(TileKey key, Stream output, int tileSize)
    {
        var tile = ReadTile(key, _ => output, tileSize, VoxelRegion.Cube(default, tileSize));
        int bad = Array.FindIndex(tile.Data, v => !float.IsFinite(v));
        if (bad >= 0) throw new TileOutputException(key, $"non-finite value at flat index {bad}");
    }

    private static VoxelGrid ReadTile(TileKey key, Func<TileKey, Stream> openOutput, int tileSize, VoxelRegion region)
    {
        Stream stream;
        try
        {
            stream = openOutput(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyNotFoundException)
        {
            throw new TileOutputException(key, $"output missing ({e.Message})");
        }
        try
        {
            using var reader = NpyGridReader.Open(stream, key.Name);
            if (reader.Shape != GridShape.Cube(tileSize))
                throw new TileOutputException(key, $"output has shape {reader.Shape}, expected {GridShape.Cube(tileSize)}");
            return reader.ReadRegion(region);
        }
        catch (GridFormatException e)
        {
            throw new TileOutputException(key, e.Problem);
        }
    }
}
