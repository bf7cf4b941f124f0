namespace TokenKernels;

/// <summary>
/// Writes a <see cref="Chart"/>: PNG or SVG drawn by ScottPlot, or a self-contained interactive HTML page (inline SVG
/// drawn by an inline script from the embedded data: hover for a point's figures, click a legend entry to hide its
/// series; nothing is fetched from the network).
/// </summary>
public static class ChartFile
{
    /// <summary>Default width in pixels.</summary>
    public const int DefaultWidth = 1100;

    /// <summary>Default height in pixels.</summary>
    public const int DefaultHeight = 650;

    /// <summary>Rejects a path whose extension is not .png, .svg or .html (or .htm), before any work starts.</summary>
    /// <param name="path">The file to write, or null for none.</param>
    /// <param name="optionName">The name to report (a CLI option such as "--plot", or a parameter name).</param>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public static void CheckPath(string? path, string optionName = "path")
    {
        if (path is not null && Extension(path) is not (".png" or ".svg" or ".html" or ".htm"))
        {
            throw new ArgumentException($"cannot write '{path}': expected a .png, .svg or .html file.", optionName);
        }
    }

    /// <summary>Writes the chart in the format its extension names (.png, .svg, .html or .htm).</summary>
    /// <exception cref="ArgumentException">Another extension, or a size under 100 pixels.</exception>
    public static void Write(Chart chart, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(path);
        CheckPath(path, nameof(path));
        switch (Extension(path))
        {
            case ".png":
                File.WriteAllBytes(path, Png(chart, width, height));
                break;
            case ".svg":
                File.WriteAllText(path, Svg(chart, width, height));
                break;
            default:
                File.WriteAllText(path, Html(chart, width, height));
                break;
        }
    }

    /// <summary>The chart as PNG bytes.</summary>
    /// <exception cref="ArgumentException">A size under 100 pixels.</exception>
    public static byte[] Png(Chart chart, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        CheckSize(width, height);
        return ChartRenderer.ToPlot(chart).GetImage(width, height).GetImageBytes(ScottPlot.ImageFormat.Png);
    }

    /// <summary>The chart as an SVG document.</summary>
    /// <exception cref="ArgumentException">A size under 100 pixels.</exception>
    public static string Svg(Chart chart, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        CheckSize(width, height);
        return ChartRenderer.ToPlot(chart).GetSvgXml(width, height);
    }

    /// <summary>The chart as a self-contained interactive HTML page (the data embedded as JSON, the script inline).</summary>
    /// <exception cref="ArgumentException">A size under 100 pixels.</exception>
    public static string Html(Chart chart, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        CheckSize(width, height);
        return HtmlChart.Page(chart, width, height);
    }

    private static void CheckSize(int width, int height)
    {
        if (width < 100)
        {
            throw new ArgumentException($"width must be at least 100 pixels, not {width}.", nameof(width));
        }

        if (height < 100)
        {
            throw new ArgumentException($"height must be at least 100 pixels, not {height}.", nameof(height));
        }
    }

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
