namespace Workflows.Cosmology.Grids;

public enum MassAssignment
{
    NearestGridPoint,
    CloudInCell,
}

/// <summary>
/// Assigns particle or galaxy positions in a periodic box of side L to an N³ grid. Coordinates wrap:
/// x = L lands in cell 0 and x = −ε in cell N − 1, so every particle's mass stays in the grid.
/// </summary>
public static class ParticleGridding
{
    /// <param name="xyz">Positions as consecutive (x, y, z) triples, in the units of <paramref name="boxSize"/>.</param>
    public static VoxelGrid Assign(ReadOnlySpan<float> xyz, double boxSize, int gridSize, MassAssignment scheme, ReadOnlySpan<float> weights = default)
    {
        if (xyz.Length % 3 != 0) throw new ArgumentException("Positions must be (x, y, z) triples.", nameof(xyz));
        int count = xyz.Length / 3;
        if (!weights.IsEmpty && weights.Length != count)
            throw new ArgumentException($"{count} positions but {weights.Length} weights.", nameof(weights));
        var grid = new VoxelGrid(GridShape.Cube(gridSize));
        double cellsPerUnit = gridSize / boxSize;
        for (int p = 0; p < count; p++)
        {
            float w = weights.IsEmpty ? 1f : weights[p];
            double u = xyz[3 * p] * cellsPerUnit, v = xyz[3 * p + 1] * cellsPerUnit, t = xyz[3 * p + 2] * cellsPerUnit;
            if (!double.IsFinite(u) || !double.IsFinite(v) || !double.IsFinite(t))
                throw new ArgumentException($"Particle {p} has a non-finite position.", nameof(xyz));
            if (scheme == MassAssignment.NearestGridPoint) AddNgp(grid, u, v, t, w);
            else AddCic(grid, u, v, t, w);
        }
        return grid;
    }

    /// <summary>
    /// Grids a simulation snapshot the way the studies grid their input (nearest grid point), refusing any position outside
    /// [0, L] on any axis, since such a particle belongs to another box or a corrupt file.
    /// </summary>
    /// <param name="sourceName">The file named in errors.</param>
    public static VoxelGrid AssignSnapshot(ReadOnlySpan<float> xyz, double boxSize, int gridSize, string sourceName)
    {
        for (int p = 0; p < xyz.Length / 3; p++)
        {
            float x = xyz[3 * p], y = xyz[3 * p + 1], z = xyz[3 * p + 2];
            if (!Inside(x, boxSize) || !Inside(y, boxSize) || !Inside(z, boxSize))
                throw new GridFormatException(sourceName, FormattableString.Invariant($"particle {p} at ({x}, {y}, {z}) lies outside the box [0, {boxSize}]"));
        }
        return Assign(xyz, boxSize, gridSize, MassAssignment.NearestGridPoint);

        static bool Inside(float coordinate, double side) => coordinate >= 0 && coordinate <= side;
    }

    private static void AddNgp(VoxelGrid grid, double u, double v, double t, float w)
    {
        int n = grid.Shape.Nx;
        grid[Wrap((long)Math.Floor(u), n), Wrap((long)Math.Floor(v), n), Wrap((long)Math.Floor(t), n)] += w;
    }

    private static void AddCic(VoxelGrid grid, double u, double v, double t, float w)
    {
        int n = grid.Shape.Nx;
        // Cell centres sit at i + 1/2; a particle shares its weight with the two nearest centres per axis.
        double cu = u - 0.5, cv = v - 0.5, ct = t - 0.5;
        long iu = (long)Math.Floor(cu), iv = (long)Math.Floor(cv), it = (long)Math.Floor(ct);
        double fu = cu - iu, fv = cv - iv, ft = ct - it;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                for (int c = 0; c < 2; c++)
                {
                    double weight = (a == 0 ? 1 - fu : fu) * (b == 0 ? 1 - fv : fv) * (c == 0 ? 1 - ft : ft);
                    grid[Wrap(iu + a, n), Wrap(iv + b, n), Wrap(it + c, n)] += (float)(w * weight);
                }
    }

    private static int Wrap(long i, int n) => (int)(((i % n) + n) % n);
}
