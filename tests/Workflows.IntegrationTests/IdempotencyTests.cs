using System.Net;
using System.Text;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Infrastructure.Messaging;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(StackCollection.Name)]
public sealed class IdempotencyTests(StackFixture fixture)
{
    [Fact]
    public async Task Manifest_UploadedTwiceWithSameContent_StartsOneRun()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(3));
        const string dataset = "idem-same";
        string first = await fixture.StartLastFmRunAsync(dataset, Specs.SingleJob, cancellationToken);
        string second = await fixture.StartLastFmRunAsync(dataset, Specs.SingleJob, cancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(RunState.Completed, (await fixture.WaitUntilFinishedAsync(first, cancellationToken)).State);
        Assert.Equal([first], (await fixture.ListRunsAsync(dataset, cancellationToken)).Select(r => r.RunId));
    }

    [Fact]
    public async Task DataFile_ReplacedUnderSameManifest_StartsNewRun()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(3));
        const string dataset = "idem-replaced";
        string original = await fixture.StartLastFmRunAsync(dataset, Specs.SingleJob, cancellationToken);
        await fixture.WaitUntilFinishedAsync(original, cancellationToken);

        byte[] train = File.ReadAllBytes(Path.Combine(StackFixture.LastFmFolder, "train.tsv"));
        byte[] withoutLastLine = train[..(Array.LastIndexOf(train, (byte)'\n', train.Length - 2) + 1)];
        string replaced = await fixture.StartLastFmRunAsync(dataset, Specs.SingleJob, cancellationToken, withoutLastLine);

        Assert.NotEqual(original, replaced);
        Assert.Equal(RunState.Completed, (await fixture.WaitUntilFinishedAsync(replaced, cancellationToken)).State);
        var runs = await fixture.ListRunsAsync(dataset, cancellationToken);
        Assert.Equal(new[] { original, replaced }.Order(), runs.Select(r => r.RunId).Order());
    }

    [Fact]
    public async Task PostRuns_TwiceWithOneIdempotencyKey_YieldsOneRun()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(3));
        const string dataset = "idem-key";
        await fixture.UploadDatasetAsync(dataset, LastFmFiles(), ManualTriggerManifest(dataset), cancellationToken);
        var body = new { dataset, spec = System.Text.Json.JsonDocument.Parse(Specs.SingleJob).RootElement };

        using var first = await fixture.PostRunAsync(body, "key-42", cancellationToken);
        using var second = await fixture.PostRunAsync(body, "key-42", cancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var started = await ReadStartAsync(first, cancellationToken);
        var replayed = await ReadStartAsync(second, cancellationToken);
        Assert.True(started.Created);
        Assert.False(replayed.Created);
        Assert.Equal(started.RunId, replayed.RunId);
        Assert.Equal($"/api/runs/{started.RunId}", first.Headers.Location?.ToString());
        Assert.Equal(RunState.Completed, (await fixture.WaitUntilFinishedAsync(started.RunId, cancellationToken)).State);
        Assert.Equal([started.RunId], (await fixture.ListRunsAsync(dataset, cancellationToken)).Select(r => r.RunId));
    }

    [Fact]
    public async Task PostRuns_ForceTwice_MakesTwoNewRuns()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(3));
        const string dataset = "idem-force";
        await fixture.UploadDatasetAsync(dataset, LastFmFiles(), ManualTriggerManifest(dataset), cancellationToken);
        var body = new { dataset, spec = System.Text.Json.JsonDocument.Parse(Specs.Probe).RootElement, force = true };

        using var first = await fixture.PostRunAsync(body, "key-7", cancellationToken);
        using var second = await fixture.PostRunAsync(body, "key-7", cancellationToken);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        var runs = new[] { await ReadStartAsync(first, cancellationToken), await ReadStartAsync(second, cancellationToken) };
        Assert.All(runs, run => Assert.True(run.Created));
        Assert.NotEqual(runs[0].RunId, runs[1].RunId);
        foreach (var run in runs)
        {
            Assert.Equal(RunState.Completed, (await fixture.WaitUntilFinishedAsync(run.RunId, cancellationToken)).State);
        }

        Assert.Equal(runs.Select(r => r.RunId).Order(), (await fixture.ListRunsAsync(dataset, cancellationToken)).Select(r => r.RunId).Order());
    }

    [Fact]
    public async Task DeleteRun_Finished_RemovesItsBlobsAndHistory()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(3));
        const string dataset = "delete-run";
        await fixture.UploadDatasetAsync(dataset, LastFmFiles(), ManualTriggerManifest(dataset), cancellationToken);
        using var started = await fixture.PostRunAsync(new { dataset, spec = System.Text.Json.JsonDocument.Parse(Specs.Probe).RootElement }, null, cancellationToken);
        string runId = (await ReadStartAsync(started, cancellationToken)).RunId;
        Assert.Equal(RunState.Completed, (await fixture.WaitUntilFinishedAsync(runId, cancellationToken)).State);
        Assert.NotEmpty(await fixture.ListRunBlobsAsync(BlobLayout.RunPrefix(runId), cancellationToken));

        using var deleted = await fixture.Api.DeleteAsync($"api/runs/{runId}", cancellationToken);
        using var status = await fixture.Api.GetAsync($"api/runs/{runId}", cancellationToken);
        using var again = await fixture.Api.DeleteAsync($"api/runs/{runId}", cancellationToken);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (deleted.StatusCode, status.StatusCode, again.StatusCode));
        Assert.Empty(await fixture.ListRunBlobsAsync(BlobLayout.RunPrefix(runId), cancellationToken));
        Assert.Empty(await fixture.ListRunsAsync(dataset, cancellationToken));
    }

    /// <summary>
    /// The jobs queue detects duplicates (as in Bicep): a re-sent attempt is dropped by the broker, and the same job
    /// reaches the worker again only as a re-dispatch, with the next attempt's MessageId.
    /// </summary>
    [Fact]
    public async Task JobMessage_DeliveredTwice_YieldsOneResult()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(2));
        string runId = $"dup-{Guid.NewGuid():N}"[..20];
        var message = new JobMessage
        {
            JobId = Identifiers.JobId(runId, "noop"),
            RunId = runId,
            InstanceId = runId,
            Kind = JobKinds.NoOp,
            Attempt = 1,
            Parameters = JobMessage.ToParameters(new { }),
            Deadline = DateTimeOffset.UtcNow.AddMinutes(5),
        };
        string republished = $"Job {message.JobId} attempt 2 found the result of attempt 1; re-publishing it";
        await using (var client = new ServiceBusClient(fixture.Stack.Endpoints.ServiceBusConnectionString))
        {
            var options = Options.Create(new ServiceBusOptions { ConnectionString = fixture.Stack.Endpoints.ServiceBusConnectionString });
            await using var dispatcher = new ServiceBusJobDispatcher(client, options, NullLogger<ServiceBusJobDispatcher>.Instance);
            await dispatcher.DispatchAsync(message, notBefore: null, cancellationToken);
            await WaitForWorkerLogAsync($"Job {message.JobId} attempt 1 succeeded", cancellationToken);
            await dispatcher.DispatchAsync(message, notBefore: null, cancellationToken);
            await dispatcher.DispatchAsync(message with { Attempt = 2 }, notBefore: null, cancellationToken);
        }

        // One slot, prefetch 0: had the broker kept the re-sent attempt 1, the worker would have handled it before attempt 2.
        await WaitForWorkerLogAsync(republished, cancellationToken);
        var found = StackFixture.ReadShared(fixture.Stack.Workers[0]!.LogPath).Split('\n').Where(line => line.Contains($"Job {message.JobId} attempt ", StringComparison.Ordinal)
            && line.Contains(" found the result of attempt ", StringComparison.Ordinal)).ToList();
        Assert.Equal(republished, Assert.Single(found)[^republished.Length..]);
        var jobBlobs = await fixture.ListRunBlobsAsync(BlobLayout.JobPrefix(runId, message.JobId), cancellationToken);
        Assert.Equal([BlobLayout.JobResult(runId, message.JobId).Name], jobBlobs.Where(name => name.EndsWith("result.json", StringComparison.Ordinal)));
        var stored = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(runId, message.JobId).Name, cancellationToken);
        Assert.Equal((1, "worker-0"), (stored.Attempt, stored.WorkerId));
        Assert.DoesNotContain(jobBlobs, name => name.Contains("/attempts/2/", StringComparison.Ordinal));
    }

    private async Task WaitForWorkerLogAsync(string line, CancellationToken cancellationToken)
    {
        string log = fixture.Stack.Workers[0]!.LogPath;
        while (!StackFixture.ReadShared(log).Contains(line, StringComparison.Ordinal))
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    internal static Dictionary<string, byte[]> LastFmFiles() => new()
    {
        ["train.tsv"] = File.ReadAllBytes(Path.Combine(StackFixture.LastFmFolder, "train.tsv")),
        ["test.tsv"] = File.ReadAllBytes(Path.Combine(StackFixture.LastFmFolder, "test.tsv")),
    };

    /// <summary>A manifest whose upload registers the dataset without starting a run (runs come from POST /api/runs).</summary>
    internal static byte[] ManualTriggerManifest(string dataset) => Encoding.UTF8.GetBytes($$"""
        {
          "name": "{{dataset}}", "kind": "recsys", "trigger": "manual",
          "files": [ { "path": "train.tsv", "role": "train" }, { "path": "test.tsv", "role": "test" } ],
          "interactions": { "layout": "table" }
        }
        """);

    internal static async Task<StartResponse> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return new StartResponse(document.RootElement.GetProperty("runId").GetString()!, document.RootElement.GetProperty("created").GetBoolean());
    }

    internal sealed record StartResponse(string RunId, bool Created);
}
