using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tiling;

/// <summary>
/// Cuts a volume into haloed tiles (float32 .npy blobs of CutSize³) in one sequential pass over its planes, so a
/// forward-only stream of a C-order grid suffices. Memory: the planes of one haloed tile row, plus, for periodic
/// boxes, the first planes kept until the last row wraps onto them.
/// </summary>
public static class TileCutter
{
    public static int Cut(IGridReader source, TileLattice lattice, Func<TileKey, Stream> openTile,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        if (source.Shape != lattice.Volume)
            throw new ArgumentException($"{source.SourceName}: shape {source.Shape} differs from the lattice volume {lattice.Volume}.", nameof(source));
        logger ??= NullLogger.Instance;
        var spec = lattice.Spec;
        var volume = lattice.Volume;
        int rows = lattice.Counts.X;
        var pending = Enumerable.Range(0, rows).ToDictionary(row => row, row => SourcePlanes(row, spec, volume.Nx));
        var cache = new Dictionary<int, float[]>();
        int written = 0;
        for (int plane = 0; plane < volume.Nx && pending.Count > 0; plane++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (pending.Values.Any(needs => needs.Contains(plane)))
            {
                var values = new float[volume.PlaneSize];
                source.ReadPlanes(plane, 1, values);
                cache[plane] = values;
            }
            foreach (int row in pending.Where(p => p.Value.All(needed => needed <= plane)).Select(p => p.Key).ToArray())
            {
                written += WriteRow(row, lattice, cache, openTile);
                pending.Remove(row);
                logger.CutRow(row + 1, rows, written);
            }
            foreach (int cached in cache.Keys.Where(c => !pending.Values.Any(needs => needs.Contains(c))).ToArray())
                cache.Remove(cached);
        }
        return written;
    }

    private static HashSet<int> SourcePlanes(int row, TilingSpec spec, int nx)
    {
        int start = row * spec.TileSize - spec.Halo;
        return Enumerable.Range(start, spec.CutSize)
            .Select(x => VoxelGrid.SourceIndex(x, nx, spec.Periodic))
            .Where(x => x >= 0)
            .ToHashSet();
    }

    private static int WriteRow(int row, TileLattice lattice, Dictionary<int, float[]> planes, Func<TileKey, Stream> openTile)
    {
        var spec = lattice.Spec;
        var volume = lattice.Volume;
        int c = spec.CutSize;
        var tile = new VoxelGrid(GridShape.Cube(c));
        int written = 0;
        for (int j = 0; j < lattice.Counts.Y; j++)
            for (int k = 0; k < lattice.Counts.Z; k++)
            {
                var key = new TileKey(row, j, k);
                var cut = lattice.Cut(key);
                var xs = VoxelGrid.SourceIndices(cut.Origin.X, c, volume.Nx, spec.Periodic);
                var ys = VoxelGrid.SourceIndices(cut.Origin.Y, c, volume.Ny, spec.Periodic);
                var zs = VoxelGrid.SourceIndices(cut.Origin.Z, c, volume.Nz, spec.Periodic);
                Array.Clear(tile.Data);
                for (int a = 0; a < c; a++)
                {
                    if (xs[a] < 0) continue;
                    var plane = planes[xs[a]];
                    for (int b = 0; b < c; b++)
                    {
                        if (ys[b] < 0) continue;
                        int rowStart = ys[b] * volume.Nz;
                        long target = tile.Shape.IndexOf(a, b, 0);
                        for (int d = 0; d < c; d++)
                            if (zs[d] >= 0) tile.Data[target + d] = plane[rowStart + zs[d]];
                    }
                }
                using var stream = openTile(key);
                NpyGridWriter.Write(stream, tile);
                written++;
            }
        return written;
    }
}
