using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenKernels;

/// <summary>
/// The interactive HTML page: an inline SVG drawn here (same ticks, colours and shapes as the PNG), a native tooltip on
/// every point, a legend whose entries hide and show their series, and the chart's data embedded as JSON
/// (<c>&lt;script type="application/json" id="chart-data"&gt;</c>) for scripts and tests. No network access at view time.
/// </summary>
internal static class HtmlChart
{
    private const double Left = 90, Bottom = 64, LegendWidth = 270, MaxBubbleDiameter = 46, Marker = 9;

    public static string Page(Chart chart, int width, int height)
    {
        var subtitle = AxisTicks.Wrap(chart.Subtitle, (int)(width / 7.5));
        double top = 56 + 17 * subtitle.Count;
        double plotW = width - Left - LegendWidth - 20, plotH = height - top - Bottom;
        bool bubbles = chart.Series.Any(s => s.Kind == ChartSeriesKind.Bubbles);
        var points = chart.Series.SelectMany(s => s.Points).ToList();
        var (xMin, xMax) = AxisTicks.Range(chart.X, points.Select(p => p.X), AxisTicks.HorizontalPad(chart));
        var (yMin, yMax) = AxisTicks.Range(chart.Y, points.Select(p => p.Y), bubbles ? 0.12 : 0.06);
        double Px(double x) => Left + (AxisTicks.ToAxis(chart.X, x) - xMin) / (xMax - xMin) * plotW;
        double Py(double y) => top + plotH - (AxisTicks.ToAxis(chart.Y, y) - yMin) / (yMax - yMin) * plotH;
        double maxSize = points.Select(p => p.Size).DefaultIfEmpty(0).Max();

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\">"))
            .Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"))
            .Append(Invariant($"<text x=\"{width / 2.0:0.#}\" y=\"28\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\">{Encode(chart.Title)}</text>"))
            .AppendJoin("", subtitle.Select((line, i) => Invariant($"<text x=\"{width / 2.0:0.#}\" y=\"{50 + 17 * i}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#444\">{Encode(line)}</text>")));
        AppendGrid(svg, chart.X, xMin, xMax, v => Left + (v - xMin) / (xMax - xMin) * plotW, vertical: true, top, top + plotH);
        AppendGrid(svg, chart.Y, yMin, yMax, v => top + plotH - (v - yMin) / (yMax - yMin) * plotH, vertical: false, Left, Left + plotW);
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{top}\" width=\"{plotW:0.#}\" height=\"{plotH:0.#}\" fill=\"none\" stroke=\"#333\"/>"))
            .Append(Invariant($"<text x=\"{Left + plotW / 2:0.#}\" y=\"{height - 16}\" text-anchor=\"middle\" font-size=\"14\">{Encode(AxisTicks.Title(chart.X))}</text>"))
            .Append(Invariant($"<text transform=\"translate(22,{top + plotH / 2:0.#}) rotate(-90)\" text-anchor=\"middle\" font-size=\"14\">{Encode(AxisTicks.Title(chart.Y))}</text>"))
            .Append(Invariant($"<clipPath id=\"plot-area\"><rect x=\"{Left}\" y=\"{top}\" width=\"{plotW:0.#}\" height=\"{plotH:0.#}\"/></clipPath>"));

        for (int s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            string color = ChartStyle.Color(s), shape = ChartStyle.ShapeName(s);
            svg.Append(Invariant($"<g class=\"series\" data-series=\"{s}\" clip-path=\"url(#plot-area)\">"));
            if (series.Kind == ChartSeriesKind.Line && series.Points.Count > 1)
            {
                svg.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(color).Append("\" points=\"")
                    .AppendJoin(' ', series.Points.Select(p => Invariant($"{Px(p.X):0.#},{Py(p.Y):0.#}")))
                    .Append("\"/>");
            }

            foreach (var p in series.Points)
            {
                double d = series.Kind == ChartSeriesKind.Bubbles ? ChartStyle.BubbleDiameter(p.Size, maxSize, MaxBubbleDiameter) : Marker;
                string hover = p.Hover.Length > 0 ? p.Hover : $"{series.Name}: {AxisTicks.Format(p.X)}, {AxisTicks.Format(p.Y)}";
                svg.Append("<g>").Append(MarkerSvg(shape, Px(p.X), Py(p.Y), d, color, series.Kind == ChartSeriesKind.Bubbles))
                    .Append("<title>").Append(Encode(hover)).Append("</title></g>");
                if (p.Label.Length > 0)
                {
                    string ink = series.Kind == ChartSeriesKind.Bubbles ? "#222" : color;
                    svg.Append(Invariant($"<text x=\"{Px(p.X) + d / 2 + 3:0.#}\" y=\"{Py(p.Y) + (series.Kind == ChartSeriesKind.Markers ? 14 : -3):0.#}\" font-size=\"11\" fill=\"{ink}\">{Encode(p.Label)}</text>"));
                }
            }

            svg.Append("</g>");
        }

        double legendX = Left + plotW + 20;
        for (int s = 0; s < chart.Series.Count; s++)
        {
            double y = top + 12 + s * 22;
            svg.Append(Invariant($"<g class=\"legend\" data-series=\"{s}\" style=\"cursor:pointer\">"))
                .Append(MarkerSvg(ChartStyle.ShapeName(s), legendX + 8, y, Marker, ChartStyle.Color(s), bubble: false))
                .Append(Invariant($"<text x=\"{legendX + 20:0.#}\" y=\"{y + 4:0.#}\" font-size=\"13\">{Encode(chart.Series[s].Name)}</text></g>"));
        }

        svg.Append("</svg>");
        return new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Encode(chart.Title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:1em}.off{opacity:.25}.hidden{display:none}</style></head><body>")
            .Append(svg)
            .Append("<p style=\"color:#555;font-size:13px\">Hover a point for its figures; click a legend entry to hide or show its series.</p>")
            .Append("<script type=\"application/json\" id=\"chart-data\">").Append(Json(chart).ToJsonString(JsonOptions)).Append("</script>")
            .Append("<script>document.querySelectorAll('g.legend').forEach(function(l){l.addEventListener('click',function(){")
            .Append("var s=l.getAttribute('data-series');var g=document.querySelector('g.series[data-series=\"'+s+'\"]');")
            .Append("g.classList.toggle('hidden');l.classList.toggle('off');});});</script>")
            .Append("</body></html>")
            .ToString();
    }

    /// <summary>The chart's data as embedded in the page (snake_case, values in the axes' own units).</summary>
    public static JsonObject Json(Chart chart) => new()
    {
        ["title"] = chart.Title,
        ["subtitle"] = chart.Subtitle,
        ["x"] = new JsonObject { ["title"] = chart.X.Title, ["log"] = chart.X.Log },
        ["y"] = new JsonObject { ["title"] = chart.Y.Title, ["log"] = chart.Y.Log },
        ["series"] = new JsonArray([.. chart.Series.Select((s, i) => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["kind"] = s.Kind.ToString().ToLowerInvariant(),
            ["color"] = ChartStyle.Color(i),
            ["shape"] = ChartStyle.ShapeName(i),
            ["points"] = new JsonArray([.. s.Points.Select(p => (JsonNode)new JsonObject
            {
                ["x"] = p.X,
                ["y"] = p.Y,
                ["size"] = p.Size,
                ["label"] = p.Label,
                ["hover"] = p.Hover,
            })]),
        })]),
    };

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private static void AppendGrid(StringBuilder svg, ChartAxis axis, double min, double max, Func<double, double> at, bool vertical, double from, double to)
    {
        var (major, minor) = AxisTicks.Ticks(axis, min, max);
        foreach (double m in minor)
        {
            svg.Append(Line(at(m), from, to, vertical, "#0000000d"));
        }

        foreach (var (position, label) in major)
        {
            double p = at(position);
            svg.Append(Line(p, from, to, vertical, "#00000022"));
            svg.Append(vertical
                ? Invariant($"<text x=\"{p:0.#}\" y=\"{to + 18:0.#}\" text-anchor=\"middle\" font-size=\"12\">{Encode(label)}</text>")
                : Invariant($"<text x=\"{from - 6:0.#}\" y=\"{p + 4:0.#}\" text-anchor=\"end\" font-size=\"12\">{Encode(label)}</text>"));
        }
    }

    private static string Line(double at, double from, double to, bool vertical, string color) => vertical
        ? Invariant($"<line x1=\"{at:0.#}\" x2=\"{at:0.#}\" y1=\"{from:0.#}\" y2=\"{to:0.#}\" stroke=\"{color}\"/>")
        : Invariant($"<line x1=\"{from:0.#}\" x2=\"{to:0.#}\" y1=\"{at:0.#}\" y2=\"{at:0.#}\" stroke=\"{color}\"/>");

    private static string MarkerSvg(string shape, double x, double y, double d, string color, bool bubble)
    {
        bool open = shape.EndsWith("-open", StringComparison.Ordinal);
        string fill = open ? "none" : bubble ? color + "8c" : color;
        string paint = Invariant($"fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"1.5\"");
        double r = d / 2;
        return shape.Replace("-open", "", StringComparison.Ordinal) switch
        {
            "square" => Invariant($"<rect x=\"{x - r:0.#}\" y=\"{y - r:0.#}\" width=\"{d:0.#}\" height=\"{d:0.#}\" {paint}/>"),
            "triangle-up" => Invariant($"<polygon points=\"{x:0.#},{y - r:0.#} {x + r:0.#},{y + r:0.#} {x - r:0.#},{y + r:0.#}\" {paint}/>"),
            "triangle-down" => Invariant($"<polygon points=\"{x:0.#},{y + r:0.#} {x + r:0.#},{y - r:0.#} {x - r:0.#},{y - r:0.#}\" {paint}/>"),
            "diamond" => Invariant($"<polygon points=\"{x:0.#},{y - r:0.#} {x + r:0.#},{y:0.#} {x:0.#},{y + r:0.#} {x - r:0.#},{y:0.#}\" {paint}/>"),
            _ => Invariant($"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{r:0.#}\" {paint}/>"),
        };
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
