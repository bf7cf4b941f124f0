namespace TokenKernels.Calibration;

/// <summary>Per-metric accuracy over the rows of one group (a hardware id or a source).</summary>
public sealed record GroupSummary
{
    /// <summary>The group's key: hardware id or source.</summary>
    public required string Group { get; init; }

    /// <summary>Rows in the group, predicted or not.</summary>
    public required int Rows { get; init; }

    /// <summary>Per-metric accuracy within the group.</summary>
    public required IReadOnlyList<MetricSummary> Metrics { get; init; }
}
