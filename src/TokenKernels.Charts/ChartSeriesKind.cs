namespace TokenKernels;

/// <summary>How a <see cref="ChartSeries"/> is drawn.</summary>
public enum ChartSeriesKind
{
    /// <summary>Markers joined by a line, in the order given (a frontier, a curve against load).</summary>
    Line,

    /// <summary>Markers only.</summary>
    Markers,

    /// <summary>Markers whose area is proportional to <see cref="ChartPoint.Size"/>.</summary>
    Bubbles,
}
