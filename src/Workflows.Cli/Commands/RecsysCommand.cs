using System.CommandLine;
using Spectre.Console;

namespace Workflows.Cli.Commands;

/// <summary><c>wf recsys</c>: the recommender lottery-ticket engine, run locally.</summary>
internal static class RecsysCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var command = new Command("recsys", "Lottery tickets for recommenders (MF, LightGCN), run locally.");
        command.Subcommands.Add(RecsysSearchCommand.Create(console));
        return command;
    }
}
