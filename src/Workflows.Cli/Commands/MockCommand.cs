using System.CommandLine;
using Spectre.Console;

namespace Workflows.Cli.Commands;

/// <summary><c>wf mock</c>: synthetic datasets with known answers, ready to submit.</summary>
internal static class MockCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var command = new Command("mock", "Generate synthetic datasets with known answers, ready to submit");
        command.Subcommands.Add(MockCosmoCommand.Create(console));
        return command;
    }
}
