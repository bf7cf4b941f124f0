namespace TokenKernels;

/// <summary>
/// A chart as data, before it is drawn: titles, two axes and the series. <see cref="TokenCharts"/> builds one from the
/// library's results; <see cref="ChartFile"/> draws it as PNG or SVG (ScottPlot) or as a self-contained interactive HTML page.
/// </summary>
/// <param name="Title">The headline.</param>
/// <param name="Subtitle">One line under the title: the workload, the prices, what was left out (empty for none).</param>
/// <param name="X">The horizontal axis.</param>
/// <param name="Y">The vertical axis.</param>
/// <param name="Series">What is drawn, one legend entry each; series i gets colour i and marker shape i.</param>
public sealed record Chart(string Title, string Subtitle, ChartAxis X, ChartAxis Y, IReadOnlyList<ChartSeries> Series);
