namespace TokenKernels;

/// <summary>One drawn point of a <see cref="ChartSeries"/>, in the axes' own units (not log-transformed).</summary>
/// <param name="X">Horizontal value.</param>
/// <param name="Y">Vertical value.</param>
public sealed record ChartPoint(double X, double Y)
{
    /// <summary>Bubble area in data units (e.g. context tokens); the drawn area is proportional to it. 0 for plain markers.</summary>
    public double Size { get; init; }

    /// <summary>Text drawn beside the point (empty for none): a provider, a price.</summary>
    public string Label { get; init; } = "";

    /// <summary>What the interactive HTML shows on hover: the configuration and its figures.</summary>
    public string Hover { get; init; } = "";
}
