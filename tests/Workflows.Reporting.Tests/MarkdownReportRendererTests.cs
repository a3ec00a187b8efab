using System.Text;
using Workflows.Testing;

namespace Workflows.Reporting.Tests;

public sealed class MarkdownReportRendererTests
{
    [Fact]
    public async Task RenderAsync_TextWithMarkup_EscapesItSoTablesKeepTheirCells()
    {
        var document = new ReportDocument("run *1*", [
            new ReportHeading("Errors"),
            new ReportTable(["job", "error"], [["a_b", "x | y [z]\nsecond line"]]),
        ]);
        using var stream = new MemoryStream();

        await MarkdownReportRenderer.RenderAsync(document, "plots/", stream, TestTimeouts.After(TimeSpan.FromMinutes(1)));

        string markdown = Encoding.UTF8.GetString(stream.ToArray());
        Assert.StartsWith("# run \\*1\\*", markdown, StringComparison.Ordinal);
        var table = Assert.Single(MarkdownTables.Parse(markdown));
        Assert.Equal("Errors", table.Heading);
        Assert.Equal(["a_b"], table.Column("job"));
        Assert.Equal(["x | y [z] second line"], table.Column("error"));
    }
}
