using System.CommandLine;
using Spectre.Console;
using Workflows.Cli;

// Redirected output goes to logs and scripts: wrapping it at the default 80 columns would split paths and ids.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 400;
}

var root = new RootCommand("wf: run GPU machine-learning experiments as durable workflows, locally or on Azure.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
