namespace TokenKernels;

/// <summary>One legend entry of a <see cref="Chart"/> and its points.</summary>
/// <param name="Name">The legend text ("deepseek-r1 on h200").</param>
/// <param name="Kind">Line, markers or bubbles.</param>
/// <param name="Points">The points, in drawing order.</param>
public sealed record ChartSeries(string Name, ChartSeriesKind Kind, IReadOnlyList<ChartPoint> Points);
