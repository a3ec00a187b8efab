using System.CommandLine;
using Workflows.Cli;

var root = new RootCommand("wf: run GPU machine-learning experiments as durable workflows, locally or on Azure.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
