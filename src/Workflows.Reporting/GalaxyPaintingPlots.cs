using ScottPlot;

namespace Workflows.Reporting;

/// <summary>A curve over wavenumber: P(k), T(k) or r(k) of one field or pair of fields.</summary>
/// <param name="K">Wavenumbers in h/Mpc, ascending.</param>
/// <param name="Values">One value per wavenumber.</param>
public sealed record SpectrumCurve(string Label, IReadOnlyList<double> K, IReadOnlyList<double> Values);

/// <summary>A 2D slice through a grid, row-major: <c>Values[row * Columns + column]</c>, row 0 drawn at the top.</summary>
public sealed record GridSlice(string Label, int Rows, int Columns, IReadOnlyList<float> Values);

/// <summary>
/// Plots of a galaxy-painting report (METHODS-cosmo.md): P(k) of truth, prediction and baseline on log–log axes, the
/// transfer function T(k) = P_pred / P_truth and the cross-correlation r(k) against 1, and grid slices as heatmaps.
/// Inputs are plain curves so that this library stays free of the cosmology engine: callers map its spectrum results.
/// </summary>
public static class GalaxyPaintingPlots
{
    public const int Width = LotteryTicketPlots.Width;
    public const int Height = LotteryTicketPlots.Height;
    public const int SliceSize = 560;

    /// <summary>P(k) on log–log axes; points with k ≤ 0 or P ≤ 0 cannot be drawn there and are left out.</summary>
    public static RenderedPlot PowerSpectra(string fileName, IReadOnlyList<SpectrumCurve> spectra)
    {
        using var plot = new Plot();
        foreach (var spectrum in spectra)
        {
            var points = spectrum.K.Zip(spectrum.Values).Where(p => p.First > 0 && p.Second > 0).ToList();
            var scatter = plot.Add.Scatter(points.Select(p => Math.Log10(p.First)).ToArray(), points.Select(p => Math.Log10(p.Second)).ToArray());
            scatter.LegendText = spectrum.Label;
        }

        LogAxis(plot.Axes.Bottom);
        LogAxis(plot.Axes.Left);
        return Finish(plot, fileName, "power spectrum P(k)", "P(k) [(Mpc/h)³]");
    }

    /// <summary>T(k) = P_pred / P_truth, one curve per field compared, against the ideal 1.</summary>
    public static RenderedPlot TransferFunction(string fileName, IReadOnlyList<SpectrumCurve> transfers) =>
        AgainstUnity(fileName, transfers, "transfer function T(k) = P_pred / P_truth", "T(k)");

    /// <summary>r(k) = P_pred×truth / sqrt(P_pred · P_truth), one curve per field compared, against the ideal 1.</summary>
    public static RenderedPlot CrossCorrelation(string fileName, IReadOnlyList<SpectrumCurve> correlations) =>
        AgainstUnity(fileName, correlations, "cross-correlation coefficient r(k)", "r(k)");

    /// <summary>A heatmap of the slice with its colour scale.</summary>
    public static RenderedPlot Slice(string fileName, GridSlice slice)
    {
        if (slice.Values.Count != slice.Rows * slice.Columns)
        {
            throw new ArgumentException($"slice '{slice.Label}' has {slice.Values.Count} values for {slice.Rows} × {slice.Columns} cells", nameof(slice));
        }

        var cells = new double[slice.Rows, slice.Columns];
        for (int row = 0; row < slice.Rows; row++)
        {
            for (int column = 0; column < slice.Columns; column++)
            {
                cells[row, column] = slice.Values[(row * slice.Columns) + column];
            }
        }

        using var plot = new Plot();
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        plot.Title(slice.Label);
        plot.Axes.SquareUnits();
        return RenderedPlot.Render(plot, fileName, slice.Label, SliceSize, SliceSize);
    }

    private static RenderedPlot AgainstUnity(string fileName, IReadOnlyList<SpectrumCurve> curves, string title, string quantity)
    {
        using var plot = new Plot();
        var unity = plot.Add.HorizontalLine(1, width: 1.5f, pattern: LinePattern.Dashed);
        unity.Color = Colors.Black;
        foreach (var curve in curves)
        {
            var points = curve.K.Zip(curve.Values).Where(p => p.First > 0).ToList();
            var scatter = plot.Add.Scatter(points.Select(p => Math.Log10(p.First)).ToArray(), points.Select(p => p.Second).ToArray());
            scatter.LegendText = curve.Label;
        }

        LogAxis(plot.Axes.Bottom);
        return Finish(plot, fileName, title, quantity);
    }

    private static RenderedPlot Finish(Plot plot, string fileName, string title, string quantity)
    {
        plot.Title(title);
        plot.XLabel("k [h/Mpc]");
        plot.YLabel(quantity);
        plot.ShowLegend(Alignment.LowerLeft);
        return RenderedPlot.Render(plot, fileName, title, Width, Height);
    }

    /// <summary>The axis shows log10 of its data: ticks at powers of ten, labelled with their value, log-spaced minor ticks.</summary>
    private static void LogAxis(ScottPlot.IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = exponent => Math.Pow(10, exponent).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
    };
}
