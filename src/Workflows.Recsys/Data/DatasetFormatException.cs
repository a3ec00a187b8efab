namespace Workflows.Recsys.Data;

/// <summary>A data file is malformed; the message names the file and, when known, the 1-based line.</summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/> at <paramref name="line"/> (0 when the problem is the whole file).</summary>
    public DatasetFormatException(string file, int line, string problem)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file that failed.</summary>
    public string File { get; }

    /// <summary>The 1-based line, or 0 for whole-file problems.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
