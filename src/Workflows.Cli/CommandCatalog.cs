using System.CommandLine;
using Workflows.Cli.Commands;

namespace Workflows.Cli;

/// <summary>Every top-level command of the <c>wf</c> tool; each command lives in its own file under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        UpCommand.Create(),
        SubmitCommand.Create(),
        StatusCommand.Create(),
        RunsCommand.Create(),
        JobsCommand.Create(),
        LogsCommand.Create(),
        ReportCommand.Create(),
        CancelCommand.Create(),
        RetryCommand.Create(),
        RecommendCommand.Create(),
        DemoCommand.Create(),
        RecsysCommand.Create(),
        MockCommand.Create(),
    ];
}
