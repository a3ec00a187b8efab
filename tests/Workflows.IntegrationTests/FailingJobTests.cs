using System.Net;
using System.Text.Json;
using Workflows.Contracts;
using Workflows.Orchestration.Probe;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(FaultStackCollection.Name)]
public sealed class FailingJobTests(FaultStackFixture fixture)
{
    /// <summary>
    /// A probe of three jobs whose first throws in every attempt: the workers count each failure in <c>attempts.json</c>,
    /// log it in full in that attempt's <c>log.txt</c>, schedule the next attempt after the backoff, and at the retry
    /// budget publish a failed outcome, so the run ends on the job's own error instead of waiting for a deadline.
    /// </summary>
    [Fact]
    public async Task JobThatAlwaysThrows_FailsAtTheRetryBudgetWithItsError_RunCompletesWithFailures()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(4));
        const string dataset = "fail-always";
        await fixture.UploadDatasetAsync(dataset, IdempotencyTests.LastFmFiles(), IdempotencyTests.ManualTriggerManifest(dataset), cancellationToken);
        var spec = new { family = "platform-probe", platformProbe = new { jobs = 3, failingJobs = 1 }, jobDeadline = "00:10:00" };

        using var response = await fixture.PostRunAsync(new { dataset, spec }, idempotencyKey: null, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string runId = (await IdempotencyTests.ReadStartAsync(response, cancellationToken)).RunId;
        var final = await fixture.WaitUntilFinishedAsync(runId, cancellationToken);

        const int attempts = FaultStackFixture.RetryBudget + 1;
        string jobId = PlatformProbeRun.ProbeJobId(runId, 0);
        string lastError = $"ProbeJobFailedException: probe job {jobId} fails on purpose (attempt {attempts})";
        Assert.Equal(RunState.CompletedWithFailures, final.State);
        Assert.Equal((2, 1, 3), (final.Progress.JobsDone, final.Progress.JobsFailed, final.Progress.JobsTotal));
        Assert.Equal([$"job 0: failed: {lastError}"], final.Errors);

        var ledger = await fixture.ReadRunBlobAsync<JobAttempts>(BlobLayout.JobAttempts(runId, jobId).Name, cancellationToken);
        Assert.Equal([1, 2, 3], ledger.Failures.Select(f => f.Attempt));
        Assert.All(ledger.Failures, f => Assert.False(f.Permanent));
        Assert.Equal(lastError, ledger.Failures[^1].Error);
        // Each retry was scheduled for its failure time plus the backoff, which doubles per failure.
        Assert.True(ledger.Failures[1].FailedAt - ledger.Failures[0].FailedAt >= FaultStackFixture.BackoffBase);
        Assert.True(ledger.Failures[2].FailedAt - ledger.Failures[1].FailedAt >= 2 * FaultStackFixture.BackoffBase);

        var blobs = await fixture.ListRunBlobsAsync(BlobLayout.JobPrefix(runId, jobId), cancellationToken);
        Assert.DoesNotContain(BlobLayout.JobResult(runId, jobId).Name, blobs);
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            string log = await fixture.ReadRunTextAsync(BlobLayout.AttemptLog(runId, jobId, attempt).Name, cancellationToken);
            Assert.Contains($"Workflows.Jobs.Handlers.ProbeJobFailedException: probe job {jobId} fails on purpose (attempt {attempt})", log, StringComparison.Ordinal);
            Assert.Contains("   at Workflows.Jobs.Handlers.NoOpJobHandler.ExecuteAsync(", log, StringComparison.Ordinal);
        }

        var jobs = (await fixture.GetJobsAsync(runId, cancellationToken)).ToDictionary(j => j.JobId);
        Assert.Equal((JobState.Failed, attempts, attempts), (jobs[jobId].State, jobs[jobId].Attempt, jobs[jobId].Failures.Count));
        Assert.Equal(2, jobs.Values.Count(j => j.State == JobState.Succeeded));

        // The log route serves the latest attempt's log, or the one asked for; a succeeded job's log says how it ended.
        using (var latest = await fixture.Api.GetAsync($"api/runs/{runId}/jobs/{jobId}/log", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
            Assert.Equal("3", Assert.Single(latest.Headers.GetValues("Workflows-Attempt")));
            Assert.Contains("fails on purpose (attempt 3)", await latest.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        }

        using (var first = await fixture.Api.GetAsync($"api/runs/{runId}/jobs/{jobId}/log?attempt=1", cancellationToken))
        {
            Assert.Contains("fails on purpose (attempt 1)", await first.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        }

        using (var succeeded = await fixture.Api.GetAsync($"api/runs/{runId}/jobs/{PlatformProbeRun.ProbeJobId(runId, 1)}/log", cancellationToken))
        {
            Assert.Contains("succeeded: ", await succeeded.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        }

        using (var missing = await fixture.Api.GetAsync($"api/runs/{runId}/jobs/{jobId}/log?attempt=4", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The partial report names the failed job too.
        using var report = await fixture.Api.GetAsync($"api/runs/{runId}/report", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using var document = JsonDocument.Parse(await report.Content.ReadAsStringAsync(cancellationToken));
        Assert.Contains(lastError, document.RootElement.GetRawText(), StringComparison.Ordinal);
    }
}
