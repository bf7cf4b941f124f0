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

    /// <summary>The formats <see cref="WriteAll"/> writes, as file extensions.</summary>
    public static IReadOnlyList<string> AllFormats { get; } = ["png", "svg", "html"];

    /// <summary>
    /// The folder a sample writes its charts to: the first command-line argument when there is one, else
    /// <c>tokenkernels-samples</c> under the temporary folder; created if missing.
    /// </summary>
    /// <param name="args">The program's arguments (empty in a notebook).</param>
    /// <exception cref="ArgumentException">The first argument is empty or blank.</exception>
    public static string OutputFolder(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count > 0 && string.IsNullOrWhiteSpace(args[0]))
        {
            throw new ArgumentException("The chart folder argument is empty.", nameof(args));
        }

        string folder = args.Count > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "tokenkernels-samples");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes the chart as <c>NAME.png</c>, <c>NAME.svg</c> and <c>NAME.html</c> (<see cref="AllFormats"/>) into a folder.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="folder">An existing folder (<see cref="OutputFolder"/>).</param>
    /// <param name="name">The file name without extension.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The paths written, in the order of <see cref="AllFormats"/>.</returns>
    /// <exception cref="ArgumentException">An empty name, or a size under 100 pixels.</exception>
    public static IReadOnlyList<string> WriteAll(Chart chart, string folder, string name, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(folder);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The chart file name is empty.", nameof(name));
        }

        CheckSize(width, height);
        var paths = AllFormats.Select(extension => Path.Combine(folder, $"{name}.{extension}")).ToList();
        foreach (string path in paths)
        {
            Write(chart, path, width, height);
        }

        return paths;
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
