using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary>Polls a run's status (and its jobs' heartbeats) and redraws it in place until the run finishes.</summary>
internal static class StatusWatcher
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Redraws in place on a terminal; elsewhere (a log, a pipe) prints one line per change of state or progress and
    /// the full view once at the end, so a log holds the run's story instead of every frame.
    /// </summary>
    /// <returns>The final status.</returns>
    public static async Task<RunStatus> WatchAsync(IAnsiConsole console, WorkflowsApiClient api, string runId, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            string? last = null;
            var final = await WaitAsync(api, runId, interval, status =>
            {
                string line = $"{status.State.ToString().ToLowerInvariant()} ({status.Phase}): {status.Progress.JobsDone}/{status.Progress.JobsTotal} jobs done, {status.Progress.JobsFailed} failed";
                if (line != last)
                {
                    console.WriteLine(line);
                    last = line;
                }
            }, cancellationToken);
            console.Write(await ViewAsync(api, final, cancellationToken));
            return final;
        }

        var status = await GetAsync(api, runId, cancellationToken);
        await console.Live(await ViewAsync(api, status, cancellationToken)).AutoClear(false).StartAsync(async live =>
        {
            while (!status.State.IsFinished())
            {
                await Task.Delay(interval, cancellationToken);
                status = await GetAsync(api, runId, cancellationToken);
                live.UpdateTarget(await ViewAsync(api, status, cancellationToken));
            }
        });
        return status;
    }

    /// <summary>The status with its running jobs' heartbeats, as <c>wf status</c> shows it.</summary>
    public static async Task<Spectre.Console.Rendering.IRenderable> ViewAsync(WorkflowsApiClient api, RunStatus status, CancellationToken cancellationToken) =>
        RunStatusView.Render(status, await api.GetJobsAsync(status.RunId, cancellationToken) ?? [], DateTimeOffset.UtcNow);

    /// <summary>Polls until the run finishes, handing every status polled to <paramref name="polled"/>.</summary>
    public static async Task<RunStatus> WaitAsync(WorkflowsApiClient api, string runId, TimeSpan interval, Action<RunStatus>? polled, CancellationToken cancellationToken)
    {
        var status = await GetAsync(api, runId, cancellationToken);
        polled?.Invoke(status);
        while (!status.State.IsFinished())
        {
            await Task.Delay(interval, cancellationToken);
            status = await GetAsync(api, runId, cancellationToken);
            polled?.Invoke(status);
        }

        return status;
    }

    private static async Task<RunStatus> GetAsync(WorkflowsApiClient api, string runId, CancellationToken cancellationToken) =>
        await api.GetStatusAsync(runId, cancellationToken)
        ?? throw new CliException(ExitCodes.NotFound, $"run '{runId}' does not exist at {api.BaseUrl}");
}
