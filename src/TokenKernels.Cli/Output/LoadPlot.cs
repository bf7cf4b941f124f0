namespace TokenKernels.Cli.Output;

/// <summary>
/// The <c>simulate --plot</c> chart: TTFT P50 and P99 (left axis, seconds) and median tok/s per user (right axis) against
/// the load (arrival rate or concurrency). Saturated levels have no latency and are left out; a note says where they start.
/// </summary>
public static class LoadPlot
{
    private const int Width = 1000;
    private const int Height = 600;

    /// <summary>Rejects an extension we cannot write before any simulating starts.</summary>
    /// <exception cref="ArgumentException">Not .png or .svg.</exception>
    public static void CheckPath(string? path)
    {
        if (path is not null && Path.GetExtension(path).ToLowerInvariant() is not (".png" or ".svg"))
        {
            throw new ArgumentException($"cannot write '{path}': expected a .png or .svg file.", "--plot");
        }
    }

    /// <summary>Draws the chart into <paramref name="path"/> (the caller's temporary file); the format follows <paramref name="format"/>'s extension.</summary>
    public static void Write(string path, string title, IReadOnlyList<LoadPoint> points, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        bool closed = points.All(p => p.Concurrency is not null);
        var served = points.Where(p => !p.Saturated && p.TtftP50 is not null).ToList();
        double X(LoadPoint p) => closed ? p.Concurrency!.Value : p.Rate!.Value;
        double[] xs = [.. served.Select(X)];

        var plot = new ScottPlot.Plot();
        var p50 = plot.Add.Scatter(xs, served.Select(p => p.TtftP50!.Value).ToArray());
        p50.LegendText = "TTFT P50 (s)";
        p50.MarkerSize = 6;
        var p99 = plot.Add.Scatter(xs, served.Select(p => p.TtftP99!.Value).ToArray());
        p99.LegendText = "TTFT P99 (s)";
        p99.MarkerSize = 6;
        p99.LinePattern = ScottPlot.LinePattern.Dashed;
        var speed = plot.Add.Scatter(xs, served.Select(p => p.TokSUserP50 ?? 0).ToArray());
        speed.LegendText = "tok/s per user, median (right axis)";
        speed.MarkerSize = 6;
        speed.Axes.YAxis = plot.Axes.Right;

        if (points.FirstOrDefault(p => p.Saturated) is { } first)
        {
            var line = plot.Add.VerticalLine(X(first));
            line.LegendText = "saturated from here";
            line.LinePattern = ScottPlot.LinePattern.Dotted;
        }

        plot.Title(title);
        plot.XLabel(closed ? "concurrency (requests in flight)" : "arrival rate (requests/s)");
        plot.YLabel("time to first token (s)");
        plot.Axes.Right.Label.Text = "tok/s per user";
        plot.Axes.SetLimitsY(0, Math.Max(1e-3, served.Select(p => p.TtftP99!.Value).DefaultIfEmpty(1).Max() * 1.1));
        plot.Axes.SetLimitsY(0, Math.Max(1, served.Select(p => p.TokSUserP50 ?? 0).DefaultIfEmpty(1).Max() * 1.1), plot.Axes.Right);
        plot.ShowLegend(ScottPlot.Edge.Bottom);

        if (Path.GetExtension(format ?? path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(path, plot.GetSvgXml(Width, Height));
        }
        else
        {
            File.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png));
        }
    }
}
