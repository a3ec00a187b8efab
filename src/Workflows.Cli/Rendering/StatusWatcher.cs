using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Contracts;

namespace Workflows.Cli.Rendering;

/// <summary>Polls a run's status and redraws it in place until the run finishes.</summary>
internal static class StatusWatcher
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    /// <returns>The final status.</returns>
    public static async Task<RunStatus> WatchAsync(IAnsiConsole console, WorkflowsApiClient api, string runId, TimeSpan interval, CancellationToken cancellationToken)
    {
        var status = await GetAsync(api, runId, cancellationToken);
        await console.Live(RunStatusView.Render(status)).AutoClear(false).StartAsync(async live =>
        {
            while (!RunStatusView.IsFinished(status.State))
            {
                await Task.Delay(interval, cancellationToken);
                status = await GetAsync(api, runId, cancellationToken);
                live.UpdateTarget(RunStatusView.Render(status));
            }
        });
        return status;
    }

    /// <summary>Polls without drawing (for <c>--json</c>).</summary>
    public static async Task<RunStatus> WaitAsync(WorkflowsApiClient api, string runId, TimeSpan interval, CancellationToken cancellationToken)
    {
        var status = await GetAsync(api, runId, cancellationToken);
        while (!RunStatusView.IsFinished(status.State))
        {
            await Task.Delay(interval, cancellationToken);
            status = await GetAsync(api, runId, cancellationToken);
        }

        return status;
    }

    private static async Task<RunStatus> GetAsync(WorkflowsApiClient api, string runId, CancellationToken cancellationToken) =>
        await api.GetStatusAsync(runId, cancellationToken)
        ?? throw new CliException(ExitCodes.NotFound, $"run '{runId}' does not exist at {api.BaseUrl}");
}
