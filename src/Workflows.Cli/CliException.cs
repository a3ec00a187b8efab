namespace Workflows.Cli;

/// <summary>A failure the user can act on: printed as one clear message (no stack trace) with its exit code.</summary>
internal sealed class CliException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
