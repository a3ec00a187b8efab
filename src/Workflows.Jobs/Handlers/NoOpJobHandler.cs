using Workflows.Jobs.Runtime;

namespace Workflows.Jobs.Handlers;

/// <summary><c>platform.no-op</c>: follows the whole protocol without computing anything, to measure the platform's overhead.</summary>
public sealed class NoOpJobHandler : IJobHandler
{
    public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.FromResult(JobHandlerResult.Empty);
}
