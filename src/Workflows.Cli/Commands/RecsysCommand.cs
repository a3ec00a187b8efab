using System.CommandLine;

namespace Workflows.Cli.Commands;

/// <summary><c>wf recsys</c>: the recommender lottery-ticket engine, run locally.</summary>
internal static class RecsysCommand
{
    public static Command Create()
    {
        var command = new Command("recsys", "Lottery tickets for recommenders (MF, LightGCN), run locally.");
        command.Subcommands.Add(RecsysSearchCommand.Create());
        return command;
    }
}
