using System.ComponentModel;
using System.Diagnostics;

namespace Workflows.Cli.Reports;

/// <summary>Opens a file with the program the desktop associates with it (a browser for <c>report.html</c>).</summary>
internal interface IFileOpener
{
    /// <returns>Null when opened, else why not (no opener installed, the opener failed).</returns>
    string? TryOpen(string path);
}

/// <summary>
/// The operating system's opener: the shell on Windows, <c>open</c> on macOS, <c>xdg-open</c> elsewhere. A headless
/// machine often has none, which is reported, not thrown.
/// </summary>
/// <param name="program">The opener to run instead of the platform's (Windows too); for tests.</param>
internal sealed class SystemFileOpener(string? program = null) : IFileOpener
{
    /// <summary>How long to wait for the opener to fail; openers that hand over to a browser exit at once.</summary>
    private static readonly TimeSpan FailureWindow = TimeSpan.FromSeconds(5);

    public string? TryOpen(string path)
    {
        var startInfo = program is null && OperatingSystem.IsWindows()
            ? new ProcessStartInfo(path) { UseShellExecute = true }
            : new ProcessStartInfo(program ?? (OperatingSystem.IsMacOS() ? "open" : "xdg-open")) { ArgumentList = { path }, RedirectStandardError = true, RedirectStandardOutput = true };
        try
        {
            using var process = Process.Start(startInfo);
            if (process is null || startInfo.UseShellExecute || !process.WaitForExit(FailureWindow) || process.ExitCode == 0)
            {
                return null;
            }

            return $"{startInfo.FileName} could not open it (exit code {process.ExitCode}: {process.StandardError.ReadToEnd().Trim()})";
        }
        catch (Win32Exception ex)
        {
            return $"there is no program to open files with here ({startInfo.FileName}: {ex.Message})";
        }
    }
}
