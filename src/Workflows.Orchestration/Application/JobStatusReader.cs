using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Application;

/// <summary>Summarises the jobs of a run from the blobs workers write under <c>runs/{runId}/jobs/{jobId}/</c>.</summary>
internal sealed class JobStatusReader(IBlobStore blobs)
{
    public async Task<IReadOnlyList<JobStatusSummary>> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        string jobsPrefix = BlobLayout.JobPrefix(runId, "")[..^1];
        var jobIds = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var blob in blobs.ListAsync(BlobLayout.RunsContainer, jobsPrefix, cancellationToken))
        {
            string rest = blob.Path.Name[jobsPrefix.Length..];
            int slash = rest.IndexOf('/');
            if (slash > 0)
            {
                jobIds.Add(rest[..slash]);
            }
        }

        bool cancelled = await blobs.GetVersionAsync(BlobLayout.CancelMarker(runId), cancellationToken) is not null;
        var summaries = new List<JobStatusSummary>(jobIds.Count);
        foreach (string jobId in jobIds)
        {
            if (await ReadJobAsync(runId, jobId, cancelled, cancellationToken) is { } summary)
            {
                summaries.Add(summary);
            }
        }

        return summaries;
    }

    /// <summary>Null for a job folder holding only artifacts (an attempt that has not written its first heartbeat).</summary>
    /// <param name="runCancelled">The run's cancel marker exists: a job without a result will not finish.</param>
    private async Task<JobStatusSummary?> ReadJobAsync(string runId, string jobId, bool runCancelled, CancellationToken cancellationToken)
    {
        var result = await ReadAsync<JobResult>(BlobLayout.JobResult(runId, jobId), cancellationToken);
        var progress = await ReadAsync<JobProgress>(BlobLayout.JobProgress(runId, jobId), cancellationToken);
        var failures = (await ReadAsync<JobAttempts>(BlobLayout.JobAttempts(runId, jobId), cancellationToken))?.Failures ?? [];
        var lastFailure = failures.Count > 0 ? failures.MaxBy(f => f.Attempt) : null;

        if (result is null && progress is null && lastFailure is null)
        {
            return null;
        }

        var (state, attempt, workerId) = (result, progress, lastFailure) switch
        {
            ({ } r, _, _) => (JobState.Succeeded, r.Attempt, r.WorkerId),
            (_, { } p, _) when runCancelled => (JobState.Cancelled, p.Attempt, p.WorkerId),
            (_, { } p, _) when lastFailure is null || lastFailure.Attempt < p.Attempt => (JobState.Running, p.Attempt, p.WorkerId),
            _ => (JobState.Failed, lastFailure!.Attempt, lastFailure.WorkerId),
        };

        return new JobStatusSummary
        {
            JobId = jobId,
            State = state,
            Attempt = attempt,
            WorkerId = workerId,
            Failures = failures,
            LastHeartbeat = progress?.UpdatedAt,
            Epoch = progress?.Epoch,
            TotalEpochs = progress?.TotalEpochs,
            Metrics = result?.Metrics ?? progress?.Metrics ?? new Dictionary<string, double>(),
            ResultPath = result is null ? null : BlobLayout.JobResult(runId, jobId).ToString(),
        };
    }

    /// <summary>The highest attempt of the job whose folder holds a <c>log.txt</c>; null when none does.</summary>
    public async Task<int?> LatestLoggedAttemptAsync(string runId, string jobId, CancellationToken cancellationToken)
    {
        int? latest = null;
        await foreach (var blob in blobs.ListAsync(BlobLayout.RunsContainer, BlobLayout.AttemptsPrefix(runId, jobId), cancellationToken))
        {
            if (BlobLayout.AttemptOf(runId, jobId, blob.Path.Name) is { } attempt && blob.Path == BlobLayout.AttemptLog(runId, jobId, attempt))
            {
                latest = Math.Max(latest ?? 0, attempt);
            }
        }

        return latest;
    }

    private async Task<T?> ReadAsync<T>(BlobPath path, CancellationToken cancellationToken) where T : class =>
        await blobs.TryReadAsync(path, cancellationToken) is { } content ? ContractJson.Deserialize<T>(content.Data.Span, path.ToString()) : null;
}
