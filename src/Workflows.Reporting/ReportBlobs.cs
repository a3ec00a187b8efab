using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Reporting;

/// <summary>How every report writer stores its files: plots as PNG and SVG under <c>plots/</c>, documents rendered in memory then uploaded.</summary>
internal static class ReportBlobs
{
    /// <summary>Writes each plot's PNG and SVG; returns their references relative to the report's folder.</summary>
    public static async Task<IReadOnlyList<PlotReference>> WritePlotsAsync(IBlobStore blobs, string runId, IEnumerable<RenderedPlot> plots, CancellationToken cancellationToken)
    {
        string plotFolder = RunReportWriter.PlotFolder(runId);
        var references = new List<PlotReference>();
        foreach (var plot in plots)
        {
            await WriteAsync(blobs, BlobLayout.Plot(runId, plot.PngFileName), stream => stream.WriteAsync(plot.Png, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
            await WriteAsync(blobs, BlobLayout.Plot(runId, plot.SvgFileName), stream => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(plot.Svg), cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
            references.Add(new PlotReference(plot.Title, plotFolder + plot.PngFileName, plotFolder + plot.SvgFileName, plot.Width, plot.Height));
        }

        return references;
    }

    /// <summary>Writes <c>report.md</c> and <c>report.html</c> of a document; returns their paths.</summary>
    public static async Task<(BlobPath Markdown, BlobPath Html)> WriteDocumentAsync(IBlobStore blobs, string runId, ReportDocument document, CancellationToken cancellationToken)
    {
        var markdownPath = BlobLayout.ReportMarkdown(runId);
        var htmlPath = BlobLayout.ReportHtml(runId);
        await WriteAsync(blobs, markdownPath, stream => MarkdownReportRenderer.RenderAsync(document, RunReportWriter.PlotFolder(runId), stream, cancellationToken), cancellationToken).ConfigureAwait(false);
        await WriteAsync(blobs, htmlPath, stream => HtmlReportRenderer.RenderAsync(document, stream, cancellationToken), cancellationToken).ConfigureAwait(false);
        return (markdownPath, htmlPath);
    }

    /// <summary>Renders into memory, then uploads: renderers write to any stream, the blob store reads from one.</summary>
    public static async Task WriteAsync(IBlobStore blobs, BlobPath path, Func<Stream, Task> render, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await render(stream).ConfigureAwait(false);
        stream.Position = 0;
        await blobs.WriteAsync(path, stream, cancellationToken).ConfigureAwait(false);
    }
}
