using Spectre.Console;

namespace Workflows.Cli.Rendering;

/// <summary>
/// Text that must reach the output byte for byte: <c>--json</c> documents and job logs. Spectre wraps what it writes at
/// the console's width, which would break a long JSON string (and a script parsing it) across lines.
/// </summary>
internal static class RawOutput
{
    public static void WriteLine(IAnsiConsole console, string text)
    {
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(text);
        writer.Flush();
    }
}
