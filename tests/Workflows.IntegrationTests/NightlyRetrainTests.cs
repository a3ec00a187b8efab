using System.Net;
using System.Text;
using Workflows.Contracts;
using Workflows.Orchestration.Application;
using Workflows.Orchestration.Nightly;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

[Collection(StackCollection.Name)]
public sealed class NightlyRetrainTests(StackFixture fixture)
{
    private const int Seed = 17;
    private const double Tolerance = 0.5;

    private static readonly DateOnly UnchangedDay = new(2001, 1, 1);
    private static readonly DateOnly ChangedDay = new(2001, 1, 2);

    /// <summary>
    /// A run promotes its winning MF ticket. A night on the same data is a recorded no-op that trains nothing. After
    /// train.tsv is replaced, two concurrent triggers of one night (two hosts) name one instance and train once: one
    /// challenger job started once (the workers' logs), one attempt, trained under the
    /// champion's mask and compared with the champion on the new test split; the pointer moves to the challenger exactly when
    /// the rule says so. A third trigger that day starts nothing.
    /// </summary>
    [Fact]
    public async Task Nightly_UnchangedIsANoOp_ChangedTrainsOneChallengerAndPromotesByTheRule()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(6));
        const string dataset = "nightly-mf";
        await fixture.UploadDatasetAsync(dataset, LastFmFiles(File.ReadAllBytes(Path.Combine(StackFixture.LastFmFolder, "train.tsv"))), Manifest(dataset), cancellationToken);
        string runId;
        using (var start = await fixture.PostRunAsync(new { dataset }, idempotencyKey: null, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            runId = (await IdempotencyTests.ReadStartAsync(start, cancellationToken)).RunId;
        }

        Assert.Equal(RunState.Completed, (await fixture.WaitUntilFinishedAsync(runId, cancellationToken)).State);
        var champion = await ReadPointerAsync(dataset, cancellationToken);
        Assert.Equal((runId, "mf", "imp", 1), (champion.PromotedBy, champion.Model, champion.Strategy, champion.Round));
        Assert.Equal(BlobLayout.JobResult(runId, RecsysJobIds.SearchRound(runId, RecsysJobIds.SearchKey("mf", "imp", Seed), 1)).ToString(), champion.TicketResult);
        Assert.Equal(BlobLayout.JobResult(runId, RecsysJobIds.DenseRound(runId, "mf", Seed)).ToString(), champion.RewindResult);

        await AssertRecommendsAsTheEngineAsync(champion, cancellationToken);
        var provenance = System.Text.Json.JsonSerializer.Deserialize<Workflows.Reporting.LotteryTicketReport>(
            await fixture.ReadRunTextAsync(BlobLayout.ReportJson(runId).Name, cancellationToken), Workflows.Reporting.RunReportWriter.JsonOptions)!.Provenance;
        Assert.Equal(champion.ContentHash, provenance.DatasetContentHash);
        Assert.Equal(["test.tsv", "train.tsv"], provenance.DatasetFiles.Select(f => f.Path));
        Assert.Equal(["cpu"], provenance.Devices);
        Assert.Equal(["TorchSharp", "libtorch"], provenance.Packages.Keys);
        Assert.Matches(@"^\d+\.\d+\.\d+", Assert.Single(provenance.Packages["libtorch"]));
        Assert.Contains("+", Assert.Single(provenance.CodeVersions), StringComparison.Ordinal);

        await using var nightly = new NightlyTrigger(fixture.Stack.Endpoints);
        string unchangedId = Identifiers.NightlyRetrainId(dataset, UnchangedDay);
        Assert.Equal([new NightlyStart(dataset, unchangedId, Created: true)], await nightly.Service.StartAsync(UnchangedDay, cancellationToken));
        var unchanged = await WaitForReportAsync(unchangedId, cancellationToken);
        var noOp = Assert.Single(unchanged.Models);
        Assert.Equal(("mf", NightlyDecision.Unchanged, champion.ContentHash), (noOp.Model, noOp.Decision, unchanged.ContentHash));
        Assert.Null(unchanged.Problem);
        Assert.Equal([BlobLayout.ReportJson(unchangedId).Name], await fixture.ListRunBlobsAsync(BlobLayout.RunPrefix(unchangedId), cancellationToken));

        await fixture.Blobs.GetBlobContainerClient(BlobLayout.DatasetsContainer).GetBlobClient($"{dataset}/train.tsv")
            .UploadAsync(new BinaryData(ThinnedTrain()), overwrite: true, cancellationToken);
        string changedId = Identifiers.NightlyRetrainId(dataset, ChangedDay);
        var triggers = await Task.WhenAll(nightly.Service.StartAsync(ChangedDay, cancellationToken), nightly.Service.StartAsync(ChangedDay, cancellationToken));
        Assert.All(triggers, trigger => Assert.Equal(changedId, Assert.Single(trigger).InstanceId));
        var changed = await WaitForReportAsync(changedId, cancellationToken);
        Assert.Equal([new NightlyStart(dataset, changedId, Created: false)], await nightly.Service.StartAsync(ChangedDay, cancellationToken));

        var outcome = Assert.Single(changed.Models);
        string challengerJob = Identifiers.JobId(changedId, "mf-challenger");
        var challenger = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(changedId, challengerJob).Name, cancellationToken);
        Assert.NotEqual(champion.ContentHash, changed.ContentHash);
        Assert.Equal(challenger.Metrics[TrainRoundMetrics.ChampionTestRecall20], outcome.ChampionRecall);
        Assert.Equal(challenger.Metrics[TrainRoundMetrics.TestRecall20], outcome.ChallengerRecall);
        Assert.Equal(champion.NonZeros, challenger.Metrics[TrainRoundMetrics.NonZeros]);
        Assert.Equal(1, challenger.Attempt);
        Assert.Equal(["1"], (await fixture.ListRunBlobsAsync(BlobLayout.AttemptsPrefix(changedId, challengerJob), cancellationToken))
            .Select(name => name[BlobLayout.AttemptsPrefix(changedId, challengerJob).Length..].Split('/')[0]).Distinct());
        Assert.Single(await fixture.ListRunBlobsAsync($"{changedId}/jobs/", cancellationToken), name => name.EndsWith("/result.json", StringComparison.Ordinal));
        Assert.Single(fixture.Stack.Workers.SelectMany(worker => StackFixture.ReadShared(worker!.LogPath).Split('\n')),
            line => line.Contains($"Job {challengerJob} attempt ", StringComparison.Ordinal) && line.Contains(" started", StringComparison.Ordinal));

        bool promotes = NightlyRule.Promotes(outcome.ChampionRecall!.Value, outcome.ChallengerRecall!.Value, Tolerance);
        Assert.Equal(promotes ? NightlyDecision.Promoted : NightlyDecision.Kept, outcome.Decision);
        var after = await ReadPointerAsync(dataset, cancellationToken);
        Assert.Equal(
            promotes ? (changedId, changed.ContentHash, BlobLayout.JobResult(changedId, challengerJob).ToString()) : (runId, champion.ContentHash, champion.TicketResult),
            (after.PromotedBy, after.ContentHash, after.TicketResult));
        Assert.Equal(champion.RewindResult, after.RewindResult);
        Assert.Equal(BlobLayout.ModelTicket(dataset, "mf", after.PromotedBy).ToString(), after.Ticket);
    }

    /// <summary>
    /// <c>GET /api/models</c> lists the promoted model, and <c>recommend</c> answers every user with the top 5 the engine's
    /// scorer gives for the exported ticket read straight from storage; an unknown user is a 400 naming it.
    /// </summary>
    private async Task AssertRecommendsAsTheEngineAsync(ModelPointer pointer, CancellationToken cancellationToken)
    {
        using (var list = await fixture.Api.GetAsync("api/models", cancellationToken))
        {
            var models = ContractJson.Deserialize<List<ModelPointer>>(await list.Content.ReadAsByteArrayAsync(cancellationToken), "models");
            Assert.Contains(models, m => (m.Dataset, m.Model, m.PromotedBy) == (pointer.Dataset, pointer.Model, pointer.PromotedBy));
        }

        var ticket = BlobPath.Parse(pointer.Ticket!);
        var archive = await fixture.Blobs.GetBlobContainerClient(ticket.Container).GetBlobClient(ticket.Name).DownloadContentAsync(cancellationToken);
        var scorer = Workflows.Recsys.Rounds.TicketScorer.Load(archive.Value.Content.ToStream());
        string[] users = [.. File.ReadLines(Path.Combine(StackFixture.LastFmFolder, "test.tsv")).Select(line => line.Split('\t')[0]).Distinct().Take(3)];
        using var answer = await fixture.Api.PostAsync($"api/models/{pointer.Dataset}/mf/recommend",
            System.Net.Http.Json.JsonContent.Create(new { userIds = users, k = 5 }), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var response = ContractJson.Deserialize<RecommendResponse>(await answer.Content.ReadAsByteArrayAsync(cancellationToken), "recommend");

        Assert.Equal((pointer.PromotedBy, 5), (response.PromotedBy, response.K));
        Assert.Equal(users.Select(user => (user, string.Join(",", scorer.Recommend(user, 5)))), response.Users.Select(u => (u.UserId, string.Join(",", u.Items))));
        Assert.All(response.Users, u => Assert.Equal(5, u.Items.Count));
        using var unknown = await fixture.Api.PostAsync($"api/models/{pointer.Dataset}/mf/recommend",
            System.Net.Http.Json.JsonContent.Create(new { userIds = new[] { users[0], "no-such-user" } }), cancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("\"userIds[1]\"", await unknown.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }

    /// <summary>MF, IMP rounds 0 and 1, two epochs each; a tolerance generous enough that round 1 is a winning ticket.</summary>
    private const string Spec = """
        {
          "family": "lottery-ticket",
          "lotteryTicket": {
            "backbones": [ "mf" ], "strategies": [ "imp" ], "seeds": [ 17 ], "rounds": 1, "pruningRate": 0.2, "stopAfterRounds": 3,
            "ticketTolerance": 0.5, "embeddingSize": 8, "epochs": 2, "evaluateEvery": 1, "batchSize": 4096, "learningRate": 0.005
          },
          "jobDeadline": "00:10:00"
        }
        """;

    private static byte[] Manifest(string dataset) => Encoding.UTF8.GetBytes($$"""
        {
          "name": "{{dataset}}", "kind": "recsys", "trigger": "manual", "retrain": "nightly",
          "files": [
            { "path": "train.tsv", "role": "train", "format": "tsv" },
            { "path": "test.tsv", "role": "test", "format": "tsv" }
          ],
          "interactions": { "layout": "table", "header": false },
          "defaultRun": {{Spec}}
        }
        """);

    private static Dictionary<string, byte[]> LastFmFiles(byte[] train) => new()
    {
        ["train.tsv"] = train,
        ["test.tsv"] = File.ReadAllBytes(Path.Combine(StackFixture.LastFmFolder, "test.tsv")),
    };

    /// <summary>LastFM's train file without every fifth interaction whose user and item keep another: new data, same ids.</summary>
    private static byte[] ThinnedTrain()
    {
        var lines = File.ReadAllLines(Path.Combine(StackFixture.LastFmFolder, "train.tsv")).Where(line => line.Length > 0).ToList();
        var fields = lines.Select(line => line.Split('\t')).ToList();
        var users = fields.CountBy(f => f[0]).ToDictionary();
        var items = fields.CountBy(f => f[1]).ToDictionary();
        var kept = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            var (user, item) = (fields[i][0], fields[i][1]);
            if (i % 5 == 0 && users[user] > 1 && items[item] > 1)
            {
                users[user]--;
                items[item]--;
                continue;
            }

            kept.Append(lines[i]).Append('\n');
        }

        return Encoding.UTF8.GetBytes(kept.ToString());
    }

    private async Task<ModelPointer> ReadPointerAsync(string dataset, CancellationToken cancellationToken)
    {
        var pointer = BlobLayout.ModelPointer(dataset, "mf");
        var content = await fixture.Blobs.GetBlobContainerClient(pointer.Container).GetBlobClient(pointer.Name).DownloadContentAsync(cancellationToken);
        return ModelPointer.Parse(content.Value.Content.ToMemory().Span, pointer.ToString());
    }

    private async Task<NightlyReport> WaitForReportAsync(string instanceId, CancellationToken cancellationToken)
    {
        var blob = fixture.Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(BlobLayout.ReportJson(instanceId).Name);
        while (!await blob.ExistsAsync(cancellationToken))
        {
            await Task.Delay(200, cancellationToken);
        }

        return await fixture.ReadRunBlobAsync<NightlyReport>(blob.Name, cancellationToken);
    }
}
