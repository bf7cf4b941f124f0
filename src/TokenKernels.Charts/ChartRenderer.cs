using ScottPlot;

namespace TokenKernels;

/// <summary>
/// Draws a <see cref="Chart"/> with ScottPlot. ScottPlot has no log scale of its own: values on a log axis are drawn as
/// log10 and the ticks are labelled with the values (<see cref="AxisTicks"/>).
/// </summary>
internal static class ChartRenderer
{
    private const double MaxBubbleDiameter = 46;
    private const float MarkerDiameter = 8;

    /// <summary>The ScottPlot plot of a chart: one legend entry per series, the legend right of the data.</summary>
    public static Plot ToPlot(Chart chart)
    {
        var plot = new Plot();
        double maxSize = chart.Series.SelectMany(s => s.Points).Select(p => p.Size).DefaultIfEmpty(0).Max();
        for (int i = 0; i < chart.Series.Count; i++)
        {
            AddSeries(plot, chart, i, maxSize);
        }

        bool bubbles = chart.Series.Any(s => s.Kind == ChartSeriesKind.Bubbles);
        var points = chart.Series.SelectMany(s => s.Points).ToList();
        var (xMin, xMax) = AxisTicks.Range(chart.X, points.Select(p => p.X), AxisTicks.HorizontalPad(chart));
        // Point labels sit above their points: room for one above the highest.
        bool labelled = points.Any(p => !string.IsNullOrEmpty(p.Label));
        var (yMin, yMax) = AxisTicks.Range(chart.Y, points.Select(p => p.Y), bubbles ? 0.12 : labelled ? 0.1 : 0.06);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Axes.Bottom.TickGenerator = Ticks(chart.X, xMin, xMax);
        plot.Axes.Left.TickGenerator = Ticks(chart.Y, yMin, yMax);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.04);
        // ScottPlot's title is one label: the subtitle goes on the following lines, wrapped to the image's width.
        plot.Title(string.Join("\n", AxisTicks.Wrap(chart.Subtitle, 95).Prepend(chart.Title)), size: 15);

        plot.XLabel(AxisTicks.Title(chart.X), size: 14);
        plot.YLabel(AxisTicks.Title(chart.Y), size: 14);
        if (chart.Series.Count > 0)
        {
            plot.ShowLegend(Edge.Right);
        }

        return plot;
    }

    private static void AddSeries(Plot plot, Chart chart, int index, double maxSize)
    {
        var series = chart.Series[index];
        var color = Color.FromHex(ChartStyle.Color(index));
        var shape = ChartStyle.Shape(index);
        double[] xs = [.. series.Points.Select(p => AxisTicks.ToAxis(chart.X, p.X))];
        double[] ys = [.. series.Points.Select(p => AxisTicks.ToAxis(chart.Y, p.Y))];
        if (series.Kind == ChartSeriesKind.Bubbles)
        {
            // The legend shows a plain marker; each bubble is drawn at its own size without a legend entry.
            var legend = plot.Add.Markers(Array.Empty<double>(), Array.Empty<double>(), shape, MarkerDiameter + 2, color);
            legend.LegendText = series.Name;
            for (int i = 0; i < xs.Length; i++)
            {
                float diameter = (float)ChartStyle.BubbleDiameter(series.Points[i].Size, maxSize, MaxBubbleDiameter);
                var bubble = plot.Add.Marker(xs[i], ys[i], shape, diameter, color.WithAlpha(0.55));
                bubble.MarkerLineColor = color;
                bubble.MarkerLineWidth = 1.5f;
                AddLabel(plot, series.Points[i], xs[i], ys[i], diameter / 2 + 3, Colors.Black, below: false);
            }

            return;
        }

        var scatter = series.Kind == ChartSeriesKind.Line ? plot.Add.Scatter(xs, ys, color) : plot.Add.ScatterPoints(xs, ys, color);
        scatter.LegendText = series.Name;
        scatter.MarkerShape = shape;
        scatter.MarkerSize = MarkerDiameter;
        scatter.LineWidth = series.Kind == ChartSeriesKind.Line ? 2 : 0;
        for (int i = 0; i < xs.Length; i++)
        {
            AddLabel(plot, series.Points[i], xs[i], ys[i], MarkerDiameter / 2 + 3, color, below: series.Kind == ChartSeriesKind.Markers);
        }
    }

    // Labels of a line's points sit above right of them; a marker series' below right, clear of a line passing the same spot.
    private static void AddLabel(Plot plot, ChartPoint point, double x, double y, float offset, Color color, bool below)
    {
        if (point.Label.Length == 0)
        {
            return;
        }

        var text = plot.Add.Text(point.Label, x, y);
        text.LabelFontSize = 11;
        text.LabelFontColor = color;
        text.LabelBackgroundColor = Colors.White.WithAlpha(0.7);
        text.Alignment = below ? Alignment.UpperLeft : Alignment.LowerLeft;
        text.OffsetX = offset;
        text.OffsetY = below ? 4 : -2;
    }

    private static ScottPlot.TickGenerators.NumericManual Ticks(ChartAxis axis, double min, double max)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var (major, minor) = AxisTicks.Ticks(axis, min, max);
        foreach (var (position, label) in major)
        {
            ticks.AddMajor(position, label);
        }

        foreach (double position in minor)
        {
            ticks.AddMinor(position);
        }

        return ticks;
    }
}
