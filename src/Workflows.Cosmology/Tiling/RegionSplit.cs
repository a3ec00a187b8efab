using Workflows.Cosmology.Grids;

namespace Workflows.Cosmology.Tiling;

public enum SplitRole
{
    Train,
    Validation,
    Test,
}

/// <summary>
/// A spatially blocked split of a lattice's tiles (never random: neighbouring cubes are correlated). As in the
/// studies, a corner cube is the test region and a slab along x is validation; the rest trains.
/// </summary>
public sealed record RegionSplit(TileLattice Lattice, IReadOnlyList<TileKey> Train, IReadOnlyList<TileKey> Validation, IReadOnlyList<TileKey> Test)
{
    /// <param name="testFraction">Edge of the test corner as a fraction of the lattice (studies: 576/1024).</param>
    /// <param name="validationSlabTiles">Thickness in tiles of the validation slab at x = 0.</param>
    public static RegionSplit Blocked(TileLattice lattice, double testFraction = 0.5, int validationSlabTiles = 1)
    {
        var c = lattice.Counts;
        var start = new Int3(Start(c.X), Start(c.Y), Start(c.Z));
        var test = new List<TileKey>();
        var validation = new List<TileKey>();
        var train = new List<TileKey>();
        foreach (var key in lattice.Tiles)
        {
            if (key.I >= start.X && key.J >= start.Y && key.K >= start.Z) test.Add(key);
            else if (key.I < validationSlabTiles) validation.Add(key);
            else train.Add(key);
        }
        if (train.Count == 0 || validation.Count == 0 || test.Count == 0)
            throw new ArgumentException(
                $"Lattice {c} is too small for a split with test fraction {testFraction} and a {validationSlabTiles}-tile validation slab " +
                $"({train.Count} train, {validation.Count} validation, {test.Count} test tiles).");
        return new RegionSplit(lattice, train, validation, test);

        int Start(int count) => count - Math.Max(1, (int)Math.Round(count * testFraction));
    }

    public IReadOnlyList<TileKey> Tiles(SplitRole role) => role switch
    {
        SplitRole.Train => Train,
        SplitRole.Validation => Validation,
        _ => Test,
    };

    /// <summary>The interiors of a role's tiles, for measurements over that region.</summary>
    public IReadOnlyList<VoxelRegion> Regions(SplitRole role) => Tiles(role).Select(Lattice.InteriorInVolume).ToArray();
}
