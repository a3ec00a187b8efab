using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Workflows.Cli.Tests;

/// <summary>Runs one <c>wf</c> command as the tool parses it, writing to Spectre's testing console.</summary>
internal static class CliConsole
{
    public static (int ExitCode, string Output) Run(Func<IAnsiConsole, Command> create, params string[] arguments)
    {
        var console = new TestConsole().Width(240);
        var root = new RootCommand { create(console) };
        int exitCode = root.Parse(arguments).Invoke();
        return (exitCode, console.Output);
    }

    /// <summary>The cells of the one table row whose first cell is <paramref name="key"/>.</summary>
    public static string[] Row(string output, string key) =>
        Assert.Single(output.Split('\n').Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)), cells => cells.Length > 0 && cells[0] == key);
}
