using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workflows.LocalStack;

/// <summary>
/// Kills, by PID, every process the stack started that is still running when this process exits (normal exit, Ctrl+C,
/// SIGTERM), so an interrupted test run or <c>wf up</c> leaves no Azurite, broker, host or worker behind.
/// </summary>
internal static class ProcessReaper
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static ProcessReaper() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Track(Process process) => Running[process.Id] = process;

    public static void Forget(Process process) => Running.TryRemove(process.Id, out _);

    private static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
