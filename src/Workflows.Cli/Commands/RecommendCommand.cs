using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.Contracts;

namespace Workflows.Cli.Commands;

/// <summary>
/// <c>wf recommend &lt;dataset&gt; &lt;model&gt; &lt;userId&gt;... [--k n] [--json]</c>: the promoted ticket's top-K unseen
/// items for original user ids (<c>POST /api/models/{dataset}/{model}/recommend</c>).
/// </summary>
internal static class RecommendCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var dataset = new Argument<string>("dataset") { Description = "A dataset with a promoted model (GET /api/models lists them)" };
        var model = new Argument<string>("model") { Description = "The promoted model: its backbone (mf, lightgcn)" };
        var users = new Argument<string[]>("userIds") { Description = "Original user ids, as in the dataset's files", Arity = ArgumentArity.OneOrMore };
        var k = CliArguments.IntegerBetween("--k", 1, RecommendRequest.MaxK, $"Items per user (default {RecommendRequest.DefaultK})");
        var json = new Option<bool>("--json") { Description = "Print the API's answer: {dataset, model, promotedBy, k, users: [{userId, items}]}" };
        var command = new Command("recommend", "Recommend items to users from a dataset's promoted ticket") { dataset, model, users, k, json, CliEndpoints.ApiOption };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                string name = parseResult.GetValue(dataset)!, backbone = parseResult.GetValue(model)!;
                using var api = new WorkflowsApiClient(CliEndpoints.Resolve(parseResult).ApiUrl);
                string body = await api.RecommendJsonAsync(name, backbone, parseResult.GetValue(users)!, parseResult.GetValue(k) ?? RecommendRequest.DefaultK, cancellationToken)
                    ?? throw new CliException(ExitCodes.NotFound, $"dataset '{name}' has no promoted model '{backbone}' at {api.BaseUrl} (a completed lottery-ticket run with a winning ticket promotes one)");
                if (parseResult.GetValue(json))
                {
                    output.WriteLine(body);
                    return ExitCodes.Success;
                }

                var answer = ContractJson.Deserialize<RecommendResponse>(body, "recommend answer");
                foreach (var user in answer.Users)
                {
                    output.MarkupLineInterpolated($"[bold]{user.UserId}[/]: {string.Join(" ", user.Items)}");
                }

                output.MarkupLineInterpolated($"[grey]top {answer.K} of {answer.Dataset}/{answer.Model}, promoted by {answer.PromotedBy}[/]");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
