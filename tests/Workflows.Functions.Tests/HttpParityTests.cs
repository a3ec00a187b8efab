using Workflows.Contracts;
using Workflows.Functions.Tests.Support;
using Workflows.Orchestration.Runs;
using Xunit.Abstractions;

namespace Workflows.Functions.Tests;

/// <summary>
/// The Functions app's HTTP functions answer every request as the standalone host does: same status codes, headers
/// and bodies, for reads, rejected starts, and a run's life from start to cancellation.
/// </summary>
public sealed class HttpParityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Spec = """
        { "family": "lottery-ticket", "maxConcurrentJobs": 4,
          "lotteryTicket": { "backbones": ["mf"], "strategies": ["imp"], "seeds": [7], "rounds": 2, "embeddingSize": 4 } }
        """;

    private ParityHarness hosts = null!;

    public async Task InitializeAsync()
    {
        hosts = await ParityHarness.StartAsync(output);
        foreach (var world in hosts.Worlds)
        {
            world.Upload("lastfm", ApiWorld.Manifest("lastfm"));
            world.Upload("movies", ApiWorld.Manifest("movies", trigger: "manual", retrain: "nightly"));
            world.Upload("broken", "{ \"name\": \"broken\", \"kind\": ");
        }
    }

    public async Task DisposeAsync() => await hosts.DisposeAsync();

    [Fact]
    public async Task Reads_AnswerAlike()
    {
        var health = await hosts.AssertSameAnswerAsync(new("GET", "/api/health"));
        var datasets = await hosts.AssertSameAnswerAsync(new("GET", "/api/datasets"));
        var runs = await hosts.AssertSameAnswerAsync(new("GET", "/api/runs"));

        Assert.Equal(200, health.StatusCode);
        Assert.Equal("Healthy", (string?)health.JsonBody()["status"]);
        Assert.Equal(["lastfm", "movies"], datasets.JsonBody().AsArray().Select(d => (string?)d!["name"]));
        Assert.Empty(runs.JsonBody().AsArray());
    }

    /// <summary>
    /// The promoted models list, and recommend's answers without an exported ticket (404), for an unknown model (404) and
    /// for a body with every field wrong (400 naming both).
    /// </summary>
    [Fact]
    public async Task Models_AnswerAlike()
    {
        foreach (var world in hosts.Worlds)
        {
            world.Blobs.Put(BlobLayout.ModelPointer("movies", "mf"), ContractJson.SerializeToUtf8Bytes(new ModelPointer
            {
                Dataset = "movies", Model = "mf", PromotedBy = "movies-0123456789abcdef", ContentHash = "0123456789abcdef", Backbone = "mf",
                Strategy = "imp", Seed = 7, Round = 1, TotalEntries = 80, NonZeros = 72, TicketResult = "runs/r/jobs/t/result.json",
                RewindResult = "runs/r/jobs/d/result.json", Spec = new LotteryTicketSpec(), JobDeadline = TimeSpan.FromHours(2), PromotedAt = ApiWorld.Now,
            }));
        }

        var models = await hosts.AssertSameAnswerAsync(new("GET", "/api/models"));
        var noTicket = await hosts.AssertSameAnswerAsync(new("POST", "/api/models/movies/mf/recommend", """{ "userIds": ["1"], "k": 5 }"""));
        var unknown = await hosts.AssertSameAnswerAsync(new("POST", "/api/models/movies/lightgcn/recommend", """{ "userIds": ["1"] }"""));
        var invalid = await hosts.AssertSameAnswerAsync(new("POST", "/api/models/movies/mf/recommend", """{ "userIds": [], "k": 0 }"""));

        Assert.Equal(200, models.StatusCode);
        Assert.Equal([("movies", "mf", "movies-0123456789abcdef")], models.JsonBody().AsArray().Select(m => ((string?)m!["dataset"], (string?)m["model"], (string?)m["promotedBy"])));
        Assert.Equal((404, 404, 400), (noTicket.StatusCode, unknown.StatusCode, invalid.StatusCode));
        Assert.Equal(["userIds", "k"], invalid.JsonBody()["errors"]!.AsArray().Select(e => (string?)e!["field"]));
    }

    [Theory]
    [InlineData("GET", "/api/runs?state=bogus", 400)]
    [InlineData("GET", "/api/runs?limit=0", 400)]
    [InlineData("GET", "/api/runs?limit=abc", 400)]
    [InlineData("GET", "/api/runs?limit=501", 400)]
    [InlineData("GET", "/api/runs?dataset=lastfm&state=running&limit=10", 200)]
    [InlineData("GET", "/api/runs/lastfm-0000", 404)]
    [InlineData("GET", "/api/runs/lastfm-0000/jobs", 404)]
    [InlineData("POST", "/api/runs/lastfm-0000/cancel", 404)]
    [InlineData("GET", "/api/runs/lastfm-0000/report", 404)]
    [InlineData("GET", "/api/runs/lastfm-0000/report?format=xml", 400)]
    [InlineData("GET", "/api/runs/lastfm-0000/report/files", 404)]
    [InlineData("GET", "/api/runs/lastfm-0000/report/files/report.html", 404)]
    [InlineData("GET", "/api/runs/lastfm-0000/report/files/plots/recall.png", 404)]
    [InlineData("GET", "/api/runs/lastfm-0000/report/files/spec.json", 400)]
    [InlineData("GET", "/api/runs/lastfm-0000/report/files/plots/..%2Fspec.json", 400)]
    public async Task RequestsAboutNothing_AnswerAlike(string method, string path, int expected)
    {
        var answer = await hosts.AssertSameAnswerAsync(new(method, path));

        Assert.Equal(expected, answer.StatusCode);
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("""{ "dataset": "lastfm", "colour": "blue" }""", null)]
    [InlineData("""{ "dataset": "Last FM!" }""", null)]
    [InlineData("""{ "dataset": "nosuch" }""", null)]
    [InlineData("""{ "dataset": "broken" }""", null)]
    [InlineData("""{ "dataset": "lastfm", "spec": { "family": "lottery-ticket", "lotteryTicket": { "rounds": -1 } } }""", null)]
    [InlineData("""{ "dataset": "lastfm" }""", "has spaces")]
    public async Task InvalidStarts_AnswerAlike_WithEveryProblem(string body, string? idempotencyKey)
    {
        var answer = await hosts.AssertSameAnswerAsync(new("POST", "/api/runs", body, idempotencyKey));

        Assert.Equal(400, answer.StatusCode);
        Assert.NotEmpty(answer.JsonBody()["errors"]!.AsArray());
    }

    [Fact]
    public async Task OversizedStart_AnswersAlike()
    {
        string body = $$"""{ "dataset": "lastfm", "padding": "{{new string('x', SizeLimits.MaxSpecBytes + 8192)}}" }""";

        var answer = await hosts.AssertSameAnswerAsync(new("POST", "/api/runs", body));

        Assert.Equal(413, answer.StatusCode);
    }

    [Fact]
    public async Task ARunFromStartToCancellation_AnswersAlike()
    {
        var request = new ApiRequest("POST", "/api/runs", $$"""{ "dataset": "lastfm", "spec": {{Spec}} }""", "study-1");

        // A start answers with the run's status as of that moment: how far each engine got differs by milliseconds.
        var started = await hosts.AssertSameAnswerAsync(request, "status");
        var replayed = await hosts.AssertSameAnswerAsync(request, "status");
        string runId = (string)started.JsonBody()["runId"]!;
        string status = $"/api/runs/{runId}";
        // Both runs wait for their first job's outcome, which never comes: the same point of their lives.
        await Task.WhenAll(hosts.Worlds.Select(w => w.WaitForAsync(runId, s => s.Phase == RunPhases.Dense && !w.Jobs.Dispatched.IsEmpty)));
        var running = await hosts.AssertSameAnswerAsync(new("GET", status));
        var listed = await hosts.AssertSameAnswerAsync(new("GET", "/api/runs?dataset=lastfm"));
        await hosts.AssertSameAnswerAsync(new("GET", $"{status}/jobs"));
        await hosts.AssertSameAnswerAsync(new("GET", $"{status}/report"));
        var filesWhileRunning = await hosts.AssertSameAnswerAsync(new("GET", $"{status}/report/files"));
        var cancelled = await hosts.AssertSameAnswerAsync(new("POST", $"{status}/cancel"));
        await Task.WhenAll(hosts.Worlds.Select(w => w.WaitForAsync(runId, s => s.State == RunState.Cancelled)));
        var ended = await hosts.AssertSameAnswerAsync(new("GET", status));
        var cancelledAgain = await hosts.AssertSameAnswerAsync(new("POST", $"{status}/cancel"));
        var report = await hosts.AssertSameAnswerAsync(new("GET", $"{status}/report"));
        var markdown = await hosts.AssertSameAnswerAsync(new("GET", $"{status}/report?format=md"));
        var files = await hosts.AssertSameAnswerAsync(new("GET", $"{status}/report/files"));
        var html = await hosts.AssertSameAnswerAsync(new("GET", $"{status}/report/files/report.html"));
        var plot = await hosts.AssertSameAnswerAsync(new("GET", $"{status}/report/files/plots/mf-recall20.png"));

        Assert.Equal((202, status), (started.StatusCode, started.Location));
        Assert.Equal((runId, true), ((string?)started.JsonBody()["status"]!["runId"], (bool)started.JsonBody()["created"]!));
        Assert.Equal((200, false), (replayed.StatusCode, (bool)replayed.JsonBody()["created"]!));
        Assert.Equal("running", (string?)running.JsonBody()["state"]);
        Assert.Equal(runId, (string?)Assert.Single(listed.JsonBody().AsArray())!["runId"]);
        Assert.Equal((202, status), (cancelled.StatusCode, cancelled.Location));
        Assert.Equal("cancelled", (string?)ended.JsonBody()["state"]);
        Assert.Equal(409, cancelledAgain.StatusCode);
        Assert.Equal((200, "application/json"), (report.StatusCode, report.ContentType));
        Assert.Equal((200, "text/markdown; charset=utf-8"), (markdown.StatusCode, markdown.ContentType));
        Assert.Empty(filesWhileRunning.JsonBody().AsArray());
        var reportFiles = files.JsonBody().AsArray().Select(f => ((string?)f!["name"], (string?)f["contentType"])).ToList();
        // A run cancelled before any job finished has nothing to plot.
        Assert.Equal([("report.json", "application/json"), ("report.md", "text/markdown; charset=utf-8"), ("report.html", "text/html; charset=utf-8")], reportFiles);
        Assert.Equal((200, "text/html; charset=utf-8"), (html.StatusCode, html.ContentType));
        Assert.Contains(runId, html.Body, StringComparison.Ordinal);
        Assert.Equal(404, plot.StatusCode);
    }
}
