using System.Net;
using System.Text;

namespace Workflows.Reporting;

/// <summary>Renders a <see cref="ReportDocument"/> as one self-contained <c>report.html</c>: plots are embedded as base64 PNG.</summary>
public static class HtmlReportRenderer
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
        "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}" +
        "th{background:#f4f4f4}figure{margin:1em 0}img{max-width:100%;height:auto}";

    public static async Task RenderAsync(ReportDocument document, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(Render(document).AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    private static string Render(ReportDocument document)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\">").AppendLine("<head>").AppendLine("<meta charset=\"utf-8\">");
        html.AppendLine($"<title>{Text(document.Title)}</title>").AppendLine($"<style>{Style}</style>").AppendLine("</head>").AppendLine("<body>");
        html.AppendLine($"<h1>{Text(document.Title)}</h1>");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    html.AppendLine($"<h2>{Text(heading.Text)}</h2>");
                    break;
                case ReportParagraph paragraph:
                    html.AppendLine($"<p>{Text(paragraph.Text)}</p>");
                    break;
                case ReportList list:
                    html.AppendLine("<ul>");
                    foreach (string item in list.Items)
                    {
                        html.AppendLine($"<li>{Text(item)}</li>");
                    }

                    html.AppendLine("</ul>");
                    break;
                case ReportTable table:
                    html.AppendLine("<table>").AppendLine($"<tr>{string.Concat(table.Columns.Select(c => $"<th>{Text(c)}</th>"))}</tr>");
                    foreach (var row in table.Rows)
                    {
                        html.AppendLine($"<tr>{string.Concat(row.Select(c => $"<td>{Text(c)}</td>"))}</tr>");
                    }

                    html.AppendLine("</table>");
                    break;
                case ReportFigure figure:
                    var plot = figure.Plot;
                    html.AppendLine($"<figure><img alt=\"{Text(plot.Title)}\" width=\"{plot.Width}\" height=\"{plot.Height}\" " +
                        $"src=\"data:image/png;base64,{Convert.ToBase64String(plot.Png.Span)}\"><figcaption>{Text(plot.Title)}</figcaption></figure>");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(document), block, "unknown report block");
            }
        }

        return html.AppendLine("</body>").AppendLine("</html>").ToString();
    }

    private static string Text(string text) => WebUtility.HtmlEncode(text);
}
