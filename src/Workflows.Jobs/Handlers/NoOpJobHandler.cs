using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Probe;

namespace Workflows.Jobs.Handlers;

/// <summary>
/// <c>platform.no-op</c>: follows the whole protocol without computing anything, to measure the platform's overhead; a
/// job whose parameters say <see cref="NoOpJobParameters.Fail"/> throws instead, in every attempt.
/// </summary>
public sealed class NoOpJobHandler : IJobHandler
{
    public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        context.Message.ParametersAs<NoOpJobParameters>().Fail
            ? throw new ProbeJobFailedException(context.Message.JobId, context.Attempt)
            : Task.FromResult(JobHandlerResult.Empty);
}

/// <summary>What a failing probe job throws: an ordinary (retried) failure, not invalid input.</summary>
public sealed class ProbeJobFailedException(string jobId, int attempt)
    : Exception($"probe job {jobId} fails on purpose (attempt {attempt})");
