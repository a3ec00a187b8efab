using System.Net;
using System.Text;
using System.Text.Json;
using Workflows.Contracts;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(StackCollection.Name)]
public sealed class BadInputTests(StackFixture fixture)
{
    [Fact]
    public async Task Manifest_Malformed_FailsFastNamingTheManifestAndDispatchesNothing()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(2));
        const string dataset = "bad-json";
        string etag = await fixture.UploadDatasetAsync(dataset, new Dictionary<string, byte[]>(), Encoding.UTF8.GetBytes("""{ "name": "bad-json", "kind": """), cancellationToken);

        var status = await fixture.WaitUntilFinishedAsync(await fixture.WaitForRunIdAsync(dataset, etag, cancellationToken), cancellationToken);

        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains(status.Errors, error => error.Contains("datasets/bad-json/dataset.json", StringComparison.Ordinal));
        await AssertNothingDispatchedAsync(status);
    }

    [Fact]
    public async Task Manifest_ListingMissingFiles_FailsFastNamingTheFile()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(2));
        const string dataset = "bad-missing";
        string etag = await fixture.UploadDatasetAsync(dataset, new Dictionary<string, byte[]>(), StackFixture.LastFmManifest(dataset, Specs.SingleJob), cancellationToken);

        var status = await fixture.WaitUntilFinishedAsync(await fixture.WaitForRunIdAsync(dataset, etag, cancellationToken), cancellationToken);

        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains(status.Errors, error => error.Contains("train.tsv", StringComparison.Ordinal));
        await AssertNothingDispatchedAsync(status);
    }

    [Fact]
    public async Task ManifestDefaultRun_UnknownBackbone_FailsFastNamingTheField()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(2));
        const string dataset = "bad-backbone";
        string spec = Specs.SingleJob.Replace("\"mf\"", "\"resnet\"", StringComparison.Ordinal);
        string etag = await fixture.UploadLastFmAsync(dataset, spec, cancellationToken);

        var status = await fixture.WaitUntilFinishedAsync(await fixture.WaitForRunIdAsync(dataset, etag, cancellationToken), cancellationToken);

        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains(status.Errors, error => error.Contains("backbones", StringComparison.Ordinal) && error.Contains("resnet", StringComparison.Ordinal));
        await AssertNothingDispatchedAsync(status);
    }

    [Fact]
    public async Task PostRuns_UnknownBackbone_Returns400NamingTheFieldAndStartsNothing()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(1));
        const string dataset = "bad-post-backbone";
        await fixture.UploadDatasetAsync(dataset, IdempotencyTests.LastFmFiles(), IdempotencyTests.ManualTriggerManifest(dataset), cancellationToken);
        var spec = JsonDocument.Parse(Specs.SingleJob.Replace("\"mf\"", "\"resnet\"", StringComparison.Ordinal)).RootElement;

        using var response = await fixture.PostRunAsync(new { dataset, spec }, idempotencyKey: null, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await ReadErrorsAsync(response, cancellationToken);
        Assert.Contains(errors, e => e.Field == "spec.lotteryTicket.backbones[0]" && e.Message.Contains("'resnet' is unknown", StringComparison.Ordinal));
        Assert.Empty(await fixture.ListRunsAsync(dataset, cancellationToken));
    }

    [Fact]
    public async Task PostRuns_OversizedSpec_Returns413WithTheLimitAndStartsNothing()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(1));
        const string dataset = "bad-post-oversized";
        await fixture.UploadDatasetAsync(dataset, IdempotencyTests.LastFmFiles(), IdempotencyTests.ManualTriggerManifest(dataset), cancellationToken);
        var seeds = Enumerable.Range(0, 20_000).ToArray();
        var spec = new { family = "lottery-ticket", lotteryTicket = new { seeds } };

        using var response = await fixture.PostRunAsync(new { dataset, spec }, idempotencyKey: null, cancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var errors = await ReadErrorsAsync(response, cancellationToken);
        Assert.Contains(errors, e => e.Message.Contains($"a spec may be at most {SizeLimits.MaxSpecBytes} bytes", StringComparison.Ordinal));
        Assert.Empty(await fixture.ListRunsAsync(dataset, cancellationToken));
    }

    [Fact]
    public async Task BadInputs_WhileAValidRunIsRunning_LeaveItUnaffected()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(3));
        const string good = "unaffected";
        string goodRun = await fixture.StartLastFmRunAsync(good, Specs.SingleJob, cancellationToken);

        const string bad = "unaffected-bad";
        string badEtag = await fixture.UploadDatasetAsync(bad, new Dictionary<string, byte[]>(), Encoding.UTF8.GetBytes("not json at all"), cancellationToken);
        using var rejected = await fixture.PostRunAsync(new { dataset = good, spec = new { family = "galaxy-painting", lotteryTicket = new { } } }, idempotencyKey: null, cancellationToken);
        var badStatus = await fixture.WaitUntilFinishedAsync(await fixture.WaitForRunIdAsync(bad, badEtag, cancellationToken), cancellationToken);
        var goodStatus = await fixture.WaitUntilFinishedAsync(goodRun, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(RunState.Failed, badStatus.State);
        Assert.Equal(RunState.Completed, goodStatus.State);
        Assert.Equal(1, goodStatus.Progress.JobsDone);
        Assert.Equal([goodRun], (await fixture.ListRunsAsync(good, cancellationToken)).Select(r => r.RunId));
    }

    private async Task AssertNothingDispatchedAsync(RunStatus status)
    {
        Assert.Equal(0, status.Progress.JobsTotal);
        Assert.Equal(0, status.Progress.JobsDone);
        Assert.Empty(await fixture.ListRunBlobsAsync($"{status.RunId}/jobs/", CancellationToken.None));
    }

    private static async Task<List<ValidationError>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => new ValidationError(e.GetProperty("field").GetString()!, e.GetProperty("message").GetString()!))
            .ToList();
    }
}
