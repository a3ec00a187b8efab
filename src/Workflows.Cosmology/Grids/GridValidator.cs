namespace Workflows.Cosmology.Grids;

/// <summary>What a grid must satisfy to be used as input or target.</summary>
public sealed record GridRequirements
{
    public bool RequireCubic { get; init; } = true;

    /// <summary>Counts and densities cannot be negative.</summary>
    public bool RequireNonNegative { get; init; } = true;

    /// <summary>FFT shells and the pooling lattice need an even size; 0 disables the check.</summary>
    public int SizeMultipleOf { get; init; } = 2;
}

/// <summary>Checks grids streaming plane by plane and reports every problem with the grid's name.</summary>
public static class GridValidator
{
    public static IReadOnlyList<string> Validate(IGridReader grid, GridRequirements requirements)
    {
        var problems = new List<string>();
        var s = grid.Shape;
        if (requirements.RequireCubic && !s.IsCubic)
            problems.Add($"{grid.SourceName}: grid must be cubic, found {s}");
        if (requirements.SizeMultipleOf > 1 && (s.Nx % requirements.SizeMultipleOf != 0 || s.Ny % requirements.SizeMultipleOf != 0 || s.Nz % requirements.SizeMultipleOf != 0))
            problems.Add($"{grid.SourceName}: grid size {s} is not a multiple of {requirements.SizeMultipleOf}");
        problems.AddRange(ScanValues(grid, requirements.RequireNonNegative));
        return problems;
    }

    /// <summary>Validates an input/target pair: each grid on its own, then that their shapes agree.</summary>
    public static IReadOnlyList<string> ValidatePair(IGridReader input, IGridReader target, GridRequirements requirements)
    {
        var problems = new List<string>(Validate(input, requirements));
        problems.AddRange(Validate(target, requirements));
        if (input.Shape != target.Shape)
            problems.Add($"{target.SourceName}: shape {target.Shape} does not match input {input.SourceName} of shape {input.Shape}");
        return problems;
    }

    public static void ThrowIfAny(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) throw new GridValidationException(problems);
    }

    private static IEnumerable<string> ScanValues(IGridReader grid, bool requireNonNegative)
    {
        var s = grid.Shape;
        var plane = new float[s.PlaneSize];
        long nonFinite = 0, negative = 0;
        Int3? firstNonFinite = null, firstNegative = null;
        for (int x = 0; x < s.Nx; x++)
        {
            grid.ReadPlanes(x, 1, plane);
            for (int i = 0; i < plane.Length; i++)
            {
                float v = plane[i];
                if (!float.IsFinite(v))
                {
                    nonFinite++;
                    firstNonFinite ??= new Int3(x, i / s.Nz, i % s.Nz);
                }
                else if (requireNonNegative && v < 0)
                {
                    negative++;
                    firstNegative ??= new Int3(x, i / s.Nz, i % s.Nz);
                }
            }
        }
        if (nonFinite > 0)
            yield return $"{grid.SourceName}: {nonFinite} NaN/Inf value(s), first at voxel {firstNonFinite}";
        if (negative > 0)
            yield return $"{grid.SourceName}: {negative} negative value(s), first at voxel {firstNegative}";
    }
}

public sealed class GridValidationException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
