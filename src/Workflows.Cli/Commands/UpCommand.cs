using System.CommandLine;
using Spectre.Console;
using Workflows.Cli.Api;
using Workflows.LocalStack;

namespace Workflows.Cli.Commands;

/// <summary><c>wf up</c>: runs the whole system locally until Ctrl+C.</summary>
internal static class UpCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var workers = new Option<int>("--workers", "-w") { Description = "Worker processes to start", DefaultValueFactory = _ => 1 };
        var port = new Option<int>("--port") { Description = "Port of the HTTP API (0: a free port)", DefaultValueFactory = _ => 5080 };
        var persist = new Option<bool>("--persist") { Description = "Keep storage in the stack folder instead of in memory" };
        var command = new Command("up", "Start Azurite, the Service Bus broker, the host and workers on this machine; Ctrl+C stops them")
        {
            workers, port, persist,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = console ?? AnsiConsole.Console;
            return CommandRunner.RunAsync(output, async () =>
            {
                var options = new LocalStackOptions
                {
                    Workers = parseResult.GetValue(workers),
                    HostPort = parseResult.GetValue(port),
                    PersistentStorage = parseResult.GetValue(persist),
                };
                await using var stack = await StartStackAsync(output, options, cancellationToken);
                CliEndpoints.WriteRunningStack(stack.Endpoints);
                try
                {
                    output.Write(EndpointsTable(stack));
                    output.MarkupLine("Submit a dataset with [bold]wf submit <folder>[/]; press [bold]Ctrl+C[/] to stop everything.");
                    await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
                    output.MarkupLine("Stopping the local stack...");
                }
                finally
                {
                    CliEndpoints.DeleteRunningStack();
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>Starts the stack under a spinner (shared with <c>wf demo</c>).</summary>
    public static Task<WorkflowsLocalStack> StartStackAsync(IAnsiConsole console, LocalStackOptions options, CancellationToken cancellationToken) =>
        console.Status().StartAsync(
            $"Starting Azurite, the broker, the host and {options.Workers} worker(s) (first run installs Azurite with npm)...",
            _ => WorkflowsLocalStack.StartAsync(options, cancellationToken: cancellationToken));

    public static Table EndpointsTable(WorkflowsLocalStack stack)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Workflows local stack[/]").AddColumn("what").AddColumn("where");
        table.AddRow("HTTP API", stack.Endpoints.HostUrl.ToString());
        table.AddRow("Storage", Markup.Escape(stack.Endpoints.StorageConnectionString));
        table.AddRow("Service Bus", Markup.Escape(stack.Endpoints.ServiceBusConnectionString));
        table.AddRow("Logs", Markup.Escape(stack.StackDirectory));
        return table;
    }
}
