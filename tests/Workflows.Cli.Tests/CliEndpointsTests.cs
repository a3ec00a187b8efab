using System.CommandLine;
using Spectre.Console.Testing;
using Workflows.Cli.Commands;

namespace Workflows.Cli.Tests;

public class CliEndpointsTests
{
    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    public void Status_ApiOptionThatIsNotAnHttpUrl_IsAClearInputError(string api)
    {
        var console = new TestConsole().Width(240);
        var root = new RootCommand { StatusCommand.Create(console) };

        int exitCode = root.Parse(["status", "some-run", "--api", api]).Invoke();

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"--api '{api}' is not an http(s) URL", console.Output);
    }

    [Fact]
    public void Status_ApiThatIsNotListening_IsReportedAsUnavailable()
    {
        var console = new TestConsole().Width(240);
        var root = new RootCommand { StatusCommand.Create(console) };

        // Port 9 (discard) on loopback: nothing listens there on these machines, so the connection is refused.
        int exitCode = root.Parse(["status", "some-run", "--api", "http://127.0.0.1:9/"]).Invoke();

        Assert.Equal(ExitCodes.Unavailable, exitCode);
        Assert.Contains("cannot reach the Workflows API", console.Output);
    }
}
