namespace TokenKernels;

/// <summary>Time to first token at one load: the median and the 99th percentile, or a saturated queue.</summary>
/// <param name="Load">The offered load in the chart's load unit (requests per second, or utilisation 0-1).</param>
/// <param name="P50">Median TTFT.</param>
/// <param name="P99">99th-percentile TTFT.</param>
/// <param name="Saturated">The queue grows without bound at this load: no steady-state TTFT exists, and the point is not drawn.</param>
public sealed record TtftAtLoad(double Load, Duration P50, Duration P99, bool Saturated = false);
