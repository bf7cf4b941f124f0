namespace TokenKernels;

/// <summary>
/// Series i's colour and marker shape, shared by the ScottPlot and HTML renderers. Colours are the Okabe-Ito palette
/// (told apart with colour-vision deficiencies); shapes change with colour so two series never differ by hue alone.
/// </summary>
internal static class ChartStyle
{
    private static readonly string[] Colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D31"];

    // Filled shapes first; a ninth series repeats a colour with an open shape.
    private static readonly ScottPlot.MarkerShape[] Shapes =
    [
        ScottPlot.MarkerShape.FilledCircle, ScottPlot.MarkerShape.FilledSquare, ScottPlot.MarkerShape.FilledTriangleUp,
        ScottPlot.MarkerShape.FilledDiamond, ScottPlot.MarkerShape.FilledTriangleDown, ScottPlot.MarkerShape.OpenCircle,
        ScottPlot.MarkerShape.OpenSquare, ScottPlot.MarkerShape.OpenTriangleUp, ScottPlot.MarkerShape.OpenDiamond,
    ];

    /// <summary>The hex colour of series i.</summary>
    public static string Color(int series) => Colors[series % Colors.Length];

    /// <summary>The ScottPlot marker of series i.</summary>
    public static ScottPlot.MarkerShape Shape(int series) => Shapes[series % Shapes.Length];

    /// <summary>The HTML renderer's name for series i's marker (the same shape as <see cref="Shape"/>).</summary>
    public static string ShapeName(int series) => Shape(series) switch
    {
        ScottPlot.MarkerShape.FilledCircle => "circle",
        ScottPlot.MarkerShape.FilledSquare => "square",
        ScottPlot.MarkerShape.FilledTriangleUp => "triangle-up",
        ScottPlot.MarkerShape.FilledDiamond => "diamond",
        ScottPlot.MarkerShape.FilledTriangleDown => "triangle-down",
        ScottPlot.MarkerShape.OpenCircle => "circle-open",
        ScottPlot.MarkerShape.OpenSquare => "square-open",
        ScottPlot.MarkerShape.OpenTriangleUp => "triangle-up-open",
        _ => "diamond-open",
    };

    /// <summary>Bubble diameter in pixels for an area value: area proportional to size, the largest bubble <paramref name="maxDiameter"/>.</summary>
    public static double BubbleDiameter(double size, double maxSize, double maxDiameter) =>
        maxSize > 0 && size > 0 ? Math.Max(6, maxDiameter * Math.Sqrt(size / maxSize)) : 8;
}
