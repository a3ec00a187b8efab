using ScottPlot;

namespace Workflows.Reporting;

/// <summary>A plot rendered as PNG and SVG.</summary>
/// <param name="FileName">File name without extension, unique within the report.</param>
/// <param name="Width">Pixels of the PNG (and the SVG's view).</param>
/// <param name="Height">Pixels of the PNG (and the SVG's view).</param>
public sealed record RenderedPlot(string FileName, string Title, int Width, int Height, ReadOnlyMemory<byte> Png, string Svg)
{
    public string PngFileName => $"{FileName}.png";

    public string SvgFileName => $"{FileName}.svg";

    public static RenderedPlot Render(Plot plot, string fileName, string title, int width, int height) =>
        new(fileName, title, width, height, plot.GetImageBytes(width, height, ImageFormat.Png), plot.GetSvgXml(width, height));
}
