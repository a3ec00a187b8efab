namespace Workflows.Cli;

/// <summary>The <c>wf</c> tool's exit codes, for scripts.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad arguments, an invalid dataset folder or spec.</summary>
    public const int InvalidInput = 1;

    /// <summary>The run finished, but not successfully (failed, cancelled, completed with failures).</summary>
    public const int RunNotSuccessful = 2;

    public const int NotFound = 3;

    /// <summary>The API, storage or local stack could not be reached or started.</summary>
    public const int Unavailable = 4;

    /// <summary>The run is not in a state that allows the command (cancel a finished run, retry a running one).</summary>
    public const int Conflict = 5;

    /// <summary>Ctrl+C.</summary>
    public const int Cancelled = 130;
}
