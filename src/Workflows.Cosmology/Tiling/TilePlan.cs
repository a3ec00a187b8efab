namespace Workflows.Cosmology.Tiling;

/// <summary>A batch of tiles predicted by one worker job.</summary>
public sealed record TileJob(int Index, IReadOnlyList<TileKey> Tiles);

/// <summary>
/// The tiles of a volume grouped into jobs of at most a given size, in lattice order so that a job's tiles
/// are neighbours. Plain data: it serialises with System.Text.Json.
/// </summary>
public sealed record TilePlan(TileLattice Lattice, IReadOnlyList<TileJob> Jobs)
{
    public static TilePlan Create(TileLattice lattice, int maxTilesPerJob)
    {
        if (maxTilesPerJob <= 0) throw new ArgumentOutOfRangeException(nameof(maxTilesPerJob), maxTilesPerJob, "A job needs at least one tile.");
        var jobs = lattice.Tiles
            .Chunk(maxTilesPerJob)
            .Select((tiles, index) => new TileJob(index, tiles))
            .ToArray();
        return new TilePlan(lattice, jobs);
    }

    /// <summary>Jobs in waves of at most <paramref name="width"/>, the bounded fan-out.</summary>
    public IEnumerable<IReadOnlyList<TileJob>> Waves(int width) => Jobs.Chunk(width);
}
