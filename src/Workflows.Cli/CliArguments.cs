using System.CommandLine;

namespace Workflows.Cli;

/// <summary>The arguments and options several commands share, worded alike everywhere.</summary>
internal static class CliArguments
{
    public static Argument<string> RunId() => new("runId") { Description = "The run id `wf submit` printed (`wf runs` lists them)" };

    /// <param name="prints">What <c>--json</c> prints instead of text.</param>
    public static Option<bool> Json(string prints) => new("--json") { Description = $"Print {prints} instead of text, for scripts" };
}
