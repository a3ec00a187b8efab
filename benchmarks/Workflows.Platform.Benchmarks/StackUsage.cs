using System.Diagnostics;

namespace Workflows.Platform.Benchmarks;

/// <summary>
/// What the stack's programs (this process's children) spend: CPU time by component, found through <c>/proc</c> (so on
/// other systems the snapshot is empty), and the requests Azurite served.
/// </summary>
internal static class StackUsage
{
    public const string Host = "host";
    public const string Workers = "workers";
    public const string Azurite = "azurite";
    public const string Broker = "broker";

    /// <summary>CPU seconds so far per component.</summary>
    public static Dictionary<string, double> Snapshot()
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!Directory.Exists("/proc"))
        {
            return seconds;
        }

        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int pid) || ParentOf(folder) != Environment.ProcessId || Component(folder) is not { } component)
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                seconds[component] = seconds.GetValueOrDefault(component) + process.TotalProcessorTime.TotalSeconds;
            }
            catch (ArgumentException)
            {
                // Exited meanwhile.
            }
        }

        return seconds;
    }

    /// <summary>The largest peak resident set (<c>VmHWM</c>) among the component's live processes, in bytes; 0 without <c>/proc</c>.</summary>
    public static long PeakResidentBytes(string component)
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        long peak = 0;
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out _) || ParentOf(folder) != Environment.ProcessId || Component(folder) != component)
            {
                continue;
            }

            peak = Math.Max(peak, ReadPeak(folder));
        }

        return peak;
    }

    /// <summary>The peak resident set (<c>VmHWM</c>) of one process, in bytes; 0 without <c>/proc</c> or once it has exited.</summary>
    public static long PeakResidentBytes(int processId) => ReadPeak(Path.Combine("/proc", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static long ReadPeak(string folder)
    {
        try
        {
            string? line = File.ReadLines(Path.Combine(folder, "status")).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            // Exited meanwhile, or no /proc.
            return 0;
        }
    }

    /// <summary>Requests Azurite has served so far: the lines of its access log (<c>azurite.log</c> in the stack folder).</summary>
    public static long StorageRequests(string stackDirectory)
    {
        using var log = new StreamReader(new FileStream(Path.Combine(stackDirectory, "azurite.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        long requests = 0;
        while (log.ReadLine() is { } line)
        {
            if (line.StartsWith("127.0.0.1 ", StringComparison.Ordinal))
            {
                requests++;
            }
        }

        return requests;
    }

    /// <summary>What each component used between two snapshots.</summary>
    public static Dictionary<string, double> Since(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(a => a.Key, a => Math.Round(a.Value - before.GetValueOrDefault(a.Key), 2), StringComparer.Ordinal);

    /// <summary>Field 4 of <c>/proc/{pid}/stat</c>, after the parenthesised command name (which may contain spaces).</summary>
    private static int? ParentOf(string folder)
    {
        try
        {
            string stat = File.ReadAllText(Path.Combine(folder, "stat"));
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Component(string folder)
    {
        string commandLine;
        try
        {
            commandLine = File.ReadAllText(Path.Combine(folder, "cmdline"));
        }
        catch (IOException)
        {
            return null;
        }

        return commandLine.Contains("Workflows.Broker.Host", StringComparison.Ordinal) ? Broker
            : commandLine.Contains("Workflows.Host", StringComparison.Ordinal) ? Host
            : commandLine.Contains("Workflows.Worker", StringComparison.Ordinal) ? Workers
            : commandLine.Contains("azurite", StringComparison.Ordinal) ? Azurite
            : null;
    }
}
