using System.CommandLine;
using System.Net;
using Spectre.Console.Testing;
using Workflows.Cli.Commands;
using Workflows.Contracts;

namespace Workflows.Cli.Tests;

/// <summary><c>wf recommend</c> against a stub of the HTTP API: the request it sends, its output and exit codes.</summary>
public sealed class RecommendCommandTests : IAsyncLifetime
{
    private const string Route = "POST /api/models/lastfm/mf/recommend";
    private readonly StubApi api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public void Recommend_Users_PostsThemWithKAndPrintsEachUsersItems()
    {
        api.On(Route, HttpStatusCode.OK, """
            { "dataset": "lastfm", "model": "mf", "promotedBy": "lastfm-nightly-20261201", "k": 3,
              "users": [ { "userId": "u1", "items": [ "a", "b", "c" ] }, { "userId": "u2", "items": [ "d", "e", "f" ] } ] }
            """);

        var (exitCode, output) = Run("recommend", "lastfm", "mf", "u1", "u2", "--k", "3");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal([Route], api.Requests);
        Assert.Equal("""{"userIds":["u1","u2"],"k":3}""", Assert.Single(api.Bodies));
        var lines = output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Equal(["u1: a b c", "u2: d e f", "top 3 of lastfm/mf, promoted by lastfm-nightly-20261201"], lines);
    }

    [Fact]
    public void Recommend_NoPromotedModel_IsNotFound()
    {
        var (exitCode, output) = Run("recommend", "lastfm", "mf", "u1");

        Assert.Equal(ExitCodes.NotFound, exitCode);
        Assert.Contains("dataset 'lastfm' has no promoted model 'mf'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommend_UnknownUser_IsAnInputErrorWithTheApisReason()
    {
        api.On(Route, HttpStatusCode.BadRequest, """
            { "title": "request is invalid", "errors": [ { "field": "userIds[1]", "message": "user 'zz' is not in the ticket's training data" } ] }
            """);

        var (exitCode, output) = Run("recommend", "lastfm", "mf", "u1", "zz");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("request is invalid; userIds[1]: user 'zz' is not in the ticket's training data", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommend_KZero_IsAnInputErrorWithoutARequest()
    {
        var (exitCode, _) = Run("recommend", "lastfm", "mf", "u1", "--k", "0");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void Recommend_KNotANumber_IsAnInputErrorNamingTheOption()
    {
        var errors = new StringWriter();
        var root = new RootCommand { RecommendCommand.Create(new TestConsole()) };
        int exitCode = root.Parse(["recommend", "lastfm", "mf", "u1", "--k", "abc", "--api", api.Url])
            .Invoke(new InvocationConfiguration { Error = errors, Output = TextWriter.Null });

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"--k must be a whole number from 1 to {RecommendRequest.MaxK}, not 'abc'", errors.ToString(), StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    private (int ExitCode, string Output) Run(params string[] arguments)
    {
        var console = new TestConsole().Width(240);
        var root = new RootCommand { RecommendCommand.Create(console) };
        int exitCode = root.Parse([.. arguments, "--api", api.Url]).Invoke();
        return (exitCode, console.Output);
    }
}
