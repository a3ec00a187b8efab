using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Runtime;

/// <summary>Failure accounting in <c>attempts.json</c>, updated with ETag conditions so concurrent attempts lose no entry.</summary>
public sealed class AttemptLedger(IBlobStore blobs)
{
    public async Task<JobAttempts> ReadAsync(string runId, string jobId, CancellationToken cancellationToken) =>
        (await ReadWithVersionAsync(BlobLayout.JobAttempts(runId, jobId), jobId, cancellationToken).ConfigureAwait(false)).Attempts;

    /// <summary>Adds <paramref name="failure"/> unless its attempt is already recorded; returns the ledger after the update.</summary>
    public async Task<JobAttempts> RecordFailureAsync(string runId, string jobId, AttemptFailure failure, CancellationToken cancellationToken)
    {
        var path = BlobLayout.JobAttempts(runId, jobId);
        while (true)
        {
            var (attempts, etag) = await ReadWithVersionAsync(path, jobId, cancellationToken).ConfigureAwait(false);
            if (attempts.Failures.Any(f => f.Attempt == failure.Attempt))
            {
                return attempts;
            }

            var updated = attempts with { Failures = [.. attempts.Failures, failure] };
            if (await blobs.TryReplaceAsync(path, ContractJson.SerializeToUtf8Bytes(updated), etag, cancellationToken).ConfigureAwait(false))
            {
                return updated;
            }
        }
    }

    private async Task<(JobAttempts Attempts, string? ETag)> ReadWithVersionAsync(BlobPath path, string jobId, CancellationToken cancellationToken)
    {
        var content = await blobs.TryReadAsync(path, cancellationToken).ConfigureAwait(false);
        return content is null
            ? (new JobAttempts { JobId = jobId }, null)
            : (ContractJson.Deserialize<JobAttempts>(content.Data.Span, path.ToString()), content.Version.ETag);
    }
}
