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
        var results = blobs.Where(name => name.StartsWith($"{runId}/jobs/", StringComparison.Ordinal) && name.EndsWith("/result.json", StringComparison.Ordinal)).ToList();
        Assert.Equal(Specs.HappyPathJobs, results.Count);
        foreach (var name in results)
        {
            var result = await fixture.ReadRunBlobAsync<JobResult>(name, cancellationToken);
            Assert.True(result.Attempt == 1, $"{result.JobId} succeeded in attempt {result.Attempt}");
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
}
