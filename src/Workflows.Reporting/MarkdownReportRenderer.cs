using System.Text;

namespace Workflows.Reporting;

/// <summary>Renders a <see cref="ReportDocument"/> as <c>report.md</c>; figures link their PNG and SVG beside the report.</summary>
public static class MarkdownReportRenderer
{
    /// <param name="plotFolder">Folder of the plot files relative to the report (e.g. <c>plots/</c>).</param>
    public static async Task RenderAsync(ReportDocument document, string plotFolder, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(Render(document, plotFolder).AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    private static string Render(ReportDocument document, string plotFolder)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Text(document.Title));
        foreach (var block in document.Blocks)
        {
            md.AppendLine();
            switch (block)
            {
                case ReportHeading heading:
                    md.Append("## ").AppendLine(Text(heading.Text));
                    break;
                case ReportParagraph paragraph:
                    md.AppendLine(Text(paragraph.Text));
                    break;
                case ReportList list:
                    foreach (string item in list.Items)
                    {
                        md.Append("- ").AppendLine(Text(item));
                    }

                    break;
                case ReportTable table:
                    md.AppendLine(Row(table.Columns));
                    md.AppendLine(Row(table.Columns.Select(_ => "---").ToList()));
                    foreach (var row in table.Rows)
                    {
                        md.AppendLine(Row(row));
                    }

                    break;
                case ReportFigure figure:
                    md.AppendLine($"![{Text(figure.Plot.Title)}]({plotFolder}{figure.Plot.PngFileName}) ([SVG]({plotFolder}{figure.Plot.SvgFileName}))");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block, "unknown report block");
            }
        }

        return md.ToString();
    }

    private static string Row(IReadOnlyList<string> cells) => $"| {string.Join(" | ", cells.Select(Text))} |";

    /// <summary>One line, with the characters markdown would read as markup escaped.</summary>
    private static string Text(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
