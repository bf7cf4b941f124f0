using System.Globalization;
using System.Net;
using System.Text;

namespace TokenKernels.Cli.Output;

/// <summary>Draws frontiers (output tok/s/GPU against tok/s/user, one line per group) with ScottPlot: PNG, SVG, or an HTML page with the SVG inline.</summary>
public static class FrontierPlot
{
    private const int Width = 1000;
    private const int Height = 620;

    /// <summary>Rejects an extension we cannot write before any sweeping starts.</summary>
    /// <exception cref="ArgumentException">Not .png, .svg or .html.</exception>
    public static void CheckPath(string? path)
    {
        if (path is not null && Extension(path) is not (".png" or ".svg" or ".html" or ".htm"))
        {
            throw new ArgumentException($"cannot write '{path}': expected a .png, .svg or .html file.", "--plot");
        }
    }

    /// <summary>Writes the chart.</summary>
    public static void Write(string path, IReadOnlyList<(string Label, List<FrontierPoint> Points)> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var plot = new ScottPlot.Plot();
        foreach (var (label, points) in groups)
        {
            var line = plot.Add.Scatter(points.Select(p => p.Metrics.TokSUser).ToArray(), points.Select(p => p.Metrics.OutputTokSGpu).ToArray());
            line.LegendText = label;
            line.MarkerSize = 4;
        }

        plot.Title("Pareto frontier: throughput per GPU vs speed per user");
        plot.XLabel("tok/s per user");
        plot.YLabel("output tok/s per GPU");
        plot.ShowLegend();
        switch (Extension(path))
        {
            case ".png":
                plot.SavePng(path, Width, Height);
                break;
            case ".svg":
                plot.SaveSvg(path, Width, Height);
                break;
            default:
                File.WriteAllText(path, Html(plot.GetSvgXml(Width, Height), groups));
                break;
        }
    }

    // Self-contained: the chart as inline SVG and the points as a table, no script or network access needed.
    private static string Html(string svg, IReadOnlyList<(string Label, List<FrontierPoint> Points)> groups)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TokenKernels frontier</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style></head><body>")
            .Append(svg);
        foreach (var (label, points) in groups)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{WebUtility.HtmlEncode(label)}</h2><table><tr><th>gpus</th><th>tp</th><th>ep</th><th>batch</th><th>isl</th><th>osl</th><th>tok/s/user</th><th>output tok/s/GPU</th><th>TTFT s</th><th>$/Mtok total</th></tr>");
            foreach (var p in points)
            {
                var c = p.Configuration;
                var m = p.Metrics;
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{c.Gpus}</td><td>{c.ResolvedTp}</td><td>{c.Ep}</td><td>{c.Batch}</td><td>{c.InputTokens}</td><td>{c.OutputTokens}</td><td>{m.TokSUser:G4}</td><td>{m.OutputTokSGpu:G4}</td><td>{m.Ttft.Seconds:G3}</td><td>{m.UsdPerMtokTotal?.Dollars:G3}</td></tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
