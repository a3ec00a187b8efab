namespace Workflows.Reporting.Tests;

/// <summary>Spectra shaped like a painted field against its truth: P ∝ k⁻¹·⁵ on 0.05–2 h/Mpc, the prediction 10 % low at small scales.</summary>
public sealed class GalaxyPaintingPlotsTests
{
    private static readonly double[] K = [.. Enumerable.Range(0, 24).Select(i => 0.05 * Math.Pow(40, i / 23.0))];

    private static SpectrumCurve Spectrum(string label, double scale) => new(label, K, [.. K.Select(k => scale * 1e3 * Math.Pow(k, -1.5) * (k > 0.5 ? 0.9 : 1))]);

    [Fact]
    public void PowerSpectra_TruthPredictionBaseline_RendersLogLogPlotOfThePlotSize()
    {
        var plot = GalaxyPaintingPlots.PowerSpectra("pk", [Spectrum("truth", 1), Spectrum("prediction", 0.95), Spectrum("baseline", 0.8)]);

        Assert.Equal((GalaxyPaintingPlots.Width, GalaxyPaintingPlots.Height), PngHeader.Read(plot.Png.Span));
        Assert.Equal("pk.png", plot.PngFileName);
        var texts = SvgTexts.Read(plot.Svg);
        Assert.All(new[] { "truth", "prediction", "baseline", "0.1", "1", "k [h/Mpc]" }, text => Assert.Contains(text, texts));
    }

    [Fact]
    public void PowerSpectra_NonPositiveValues_AreLeftOutInsteadOfFailing()
    {
        var curve = new SpectrumCurve("truth", [0, 0.1, 0.2], [5, -1, 2]);

        var plot = GalaxyPaintingPlots.PowerSpectra("pk", [curve]);

        Assert.Equal((GalaxyPaintingPlots.Width, GalaxyPaintingPlots.Height), PngHeader.Read(plot.Png.Span));
    }

    [Fact]
    public void TransferFunctionAndCrossCorrelation_Curves_RenderAgainstUnity()
    {
        var transfer = GalaxyPaintingPlots.TransferFunction("transfer", [new("prediction", K, [.. K.Select(k => k > 0.5 ? 0.9 : 1.0)])]);
        var correlation = GalaxyPaintingPlots.CrossCorrelation("r", [new("prediction", K, [.. K.Select(k => 1 - (0.1 * k))])]);

        foreach (var plot in new[] { transfer, correlation })
        {
            Assert.Equal((GalaxyPaintingPlots.Width, GalaxyPaintingPlots.Height), PngHeader.Read(plot.Png.Span));
            Assert.Contains("prediction", SvgTexts.Read(plot.Svg));
        }

        Assert.Equal("transfer function T(k) = P_pred / P_truth", transfer.Title);
        Assert.Equal("cross-correlation coefficient r(k)", correlation.Title);
    }

    [Fact]
    public void Slice_Grid_RendersSquareHeatmap()
    {
        var values = Enumerable.Range(0, 16 * 12).Select(i => (float)(i % 7)).ToArray();

        var plot = GalaxyPaintingPlots.Slice("slice-truth-z32", new GridSlice("truth, z = 32", 16, 12, values));

        Assert.Equal((GalaxyPaintingPlots.SliceSize, GalaxyPaintingPlots.SliceSize), PngHeader.Read(plot.Png.Span));
        Assert.Contains("truth, z = 32", SvgTexts.Read(plot.Svg));
    }

    [Fact]
    public void Slice_ValuesNotMatchingTheShape_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => GalaxyPaintingPlots.Slice("s", new GridSlice("truth", 4, 4, new float[15])));

        Assert.Contains("15 values for 4 × 4 cells", error.Message, StringComparison.Ordinal);
    }
}
