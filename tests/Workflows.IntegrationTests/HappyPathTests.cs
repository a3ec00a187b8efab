using System.Net;
using System.Text.Json;
using Workflows.Contracts;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(StackCollection.Name)]
public sealed class HappyPathTests(StackFixture fixture)
{
    [Fact]
    public async Task ManifestUpload_LastFmWithSmallSpec_CompletesWithProgressReportAndArtifacts()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(6));
        const string dataset = "lastfm-e2e";
        string etag = await fixture.UploadLastFmAsync(dataset, Specs.HappyPath, cancellationToken);
        string runId = await fixture.WaitForRunIdAsync(dataset, etag, cancellationToken);

        var seenWhileRunning = new List<RunStatus>();
        var final = await fixture.WaitUntilFinishedAsync(runId, cancellationToken, status =>
        {
            if (status.State == RunState.Running && status.Progress.JobsDone is > 0 and < Specs.HappyPathJobs)
            {
                seenWhileRunning.Add(status);
            }
        });

        Assert.True(final.State == RunState.Completed, $"run ended {final.State}: {string.Join("; ", final.Errors)}");
        Assert.NotEmpty(seenWhileRunning);
        Assert.All(seenWhileRunning, status => Assert.Equal(Specs.HappyPathJobs, status.Progress.JobsTotal));
        Assert.Equal(Specs.HappyPathJobs, final.Progress.JobsTotal);
        Assert.Equal(Specs.HappyPathJobs, final.Progress.JobsDone);
        Assert.Equal(0, final.Progress.JobsFailed);
        Assert.Equal(["lightgcn-imp-s2020", "lightgcn-random-s2020", "mf-imp-s2020", "mf-random-s2020"], final.Progress.Steps.Select(s => s.Key).Order());
        Assert.All(final.Progress.Steps, step =>
        {
            Assert.Equal(3, step.Done);
            Assert.InRange(step.Metric!.Value, 1e-6, 1.0);
            Assert.InRange(step.RemainingFraction!.Value, Specs.HappyPathFinalRemaining - 0.01, Specs.HappyPathFinalRemaining + 0.01);
        });

        var blobs = await fixture.ListRunBlobsAsync(BlobLayout.RunPrefix(runId), cancellationToken);
        Assert.Contains(BlobLayout.Spec(runId).Name, blobs);
        Assert.Contains(BlobLayout.ReportJson(runId).Name, blobs);
        Assert.Contains(BlobLayout.ReportMarkdown(runId).Name, blobs);
        Assert.Contains(blobs, name => name.StartsWith($"{runId}/prepared/", StringComparison.Ordinal));
        // A completed run's checkpoints are deleted (the spec does not keep them).
        Assert.DoesNotContain(blobs, name => name.StartsWith(BlobLayout.CheckpointPrefix(runId), StringComparison.Ordinal));
        var results = blobs.Where(name => name.StartsWith($"{runId}/jobs/", StringComparison.Ordinal) && name.EndsWith("/result.json", StringComparison.Ordinal)).ToList();
        Assert.Equal(Specs.HappyPathJobs, results.Count);
        var jobs = (await fixture.GetJobsAsync(runId, cancellationToken)).ToDictionary(job => job.JobId);
        Assert.Equal(Specs.HappyPathJobs, jobs.Count);
        foreach (var name in results)
        {
            var result = await fixture.ReadRunBlobAsync<JobResult>(name, cancellationToken);
            Assert.True(result.Attempt == 1, $"{result.JobId} succeeded in attempt {result.Attempt}");
            var job = jobs[result.JobId];
            Assert.Equal((JobState.Succeeded, 1, result.WorkerId, name), (job.State, job.Attempt, job.WorkerId, BlobPath.Parse(job.ResultPath!).Name));
            Assert.Empty(job.Failures);
            Assert.Equal(Specs.HappyPathEpochs, job.Epoch);
            Assert.Equal(Specs.HappyPathEpochs, job.TotalEpochs);
            Assert.InRange(job.LastHeartbeat!.Value, result.StartedAt, final.LastUpdatedAt!.Value);
            Assert.Equal(result.Metrics, job.Metrics);
        }

        // A failed attempt leaves its failure in the job's ledger and its log in attempts/{n}/, even when a retry succeeds.
        Assert.DoesNotContain(blobs, name => name.EndsWith("/attempts.json", StringComparison.Ordinal) || name.Contains("/attempts/2/", StringComparison.Ordinal));

        using var report = await fixture.Api.GetAsync($"api/runs/{runId}/report", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using var reportJson = JsonDocument.Parse(await report.Content.ReadAsStringAsync(cancellationToken));
        Assert.Contains(runId, reportJson.RootElement.GetRawText(), StringComparison.Ordinal);

        using var markdown = await fixture.Api.GetAsync($"api/runs/{runId}/report?format=md", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.Contains(runId, await markdown.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJobs_UnknownRun_Returns404()
    {
        using var response = await fixture.Api.GetAsync("api/runs/nope-0123456789abcdef/jobs", TestTimeouts.After(TimeSpan.FromSeconds(30)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
