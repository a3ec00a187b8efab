namespace Workflows.Cosmology.Grids;

/// <summary>A grid file or stream that cannot be used, naming the source and the problem.</summary>
public sealed class GridFormatException(string source, string problem)
    : Exception($"{source}: {problem}")
{
    public string SourceName { get; } = source;

    public string Problem { get; } = problem;
}
