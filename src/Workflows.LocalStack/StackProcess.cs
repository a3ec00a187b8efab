using System.Diagnostics;

namespace Workflows.LocalStack;

/// <summary>
/// A program the stack started: stdout and stderr go line by line to its log file, and stopping it kills its whole
/// process tree by PID. Processes still running when the parent exits are killed too (see <see cref="ProcessReaper"/>).
/// </summary>
public sealed class StackProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock sync = new();
    private readonly List<(string Fragment, TaskCompletionSource Seen)> waiters = [];
    private bool disposed;

    private StackProcess(string name, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        this.process = process;
        this.log = log;
        LogPath = logPath;
    }

    public string Name { get; }

    public int ProcessId { get; private set; }

    public string LogPath { get; }

    public bool HasExited => disposed || process.HasExited;

    internal static StackProcess Start(string name, ProcessStartInfo startInfo, string logPath)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var started = new StackProcess(name, process, log, logPath);
        process.OutputDataReceived += (_, e) => started.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => started.OnLine(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Dispose();
            throw new LocalStackException($"could not start {name} ('{startInfo.FileName}'): {ex.Message}", ex);
        }

        started.ProcessId = process.Id;
        ProcessReaper.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Completes when a line containing <paramref name="fragment"/> appears; fails if the process exits first.</summary>
    public async Task WaitForOutputAsync(string fragment, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (sync)
        {
            waiters.Add((fragment, seen));
        }

        var exited = process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(seen.Task, exited) != seen.Task)
        {
            await exited;
            throw ExitedEarly();
        }
    }

    internal LocalStackException ExitedEarly() =>
        new($"{Name} (pid {ProcessId}) exited with code {process.ExitCode} before it was ready; its log {LogPath} ends with:{Environment.NewLine}{Tail(30)}");

    /// <summary>The last lines of the log, for error messages.</summary>
    public string Tail(int lines)
    {
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var last = new Queue<string>(lines);
        while (reader.ReadLine() is { } line)
        {
            if (last.Count == lines)
            {
                last.Dequeue();
            }

            last.Enqueue(line);
        }

        return string.Join(Environment.NewLine, last);
    }

    /// <summary>Kills the process tree (a hard crash, as far as the program can tell) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (HasExited)
        {
            return;
        }

        if (!process.HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
        }

        using var timeout = new CancellationTokenSource(ExitWait);
        await process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        await KillAsync();
        disposed = true;
        ProcessReaper.Forget(process);
        lock (sync)
        {
            log.Dispose();
        }

        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sync)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }

            for (int i = waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(waiters[i].Fragment, StringComparison.Ordinal))
                {
                    waiters[i].Seen.TrySetResult();
                    waiters.RemoveAt(i);
                }
            }
        }
    }
}
