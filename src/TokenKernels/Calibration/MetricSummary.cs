namespace TokenKernels.Calibration;

/// <summary>How well one metric is predicted over a set of rows.</summary>
public sealed record MetricSummary
{
    /// <summary>
    /// Column name (<c>output_tok_s_gpu</c>, ...) or <c>tok_s_gpu</c>: each row's main per-GPU throughput, whichever column it is in.
    /// </summary>
    public required string Metric { get; init; }

    /// <summary>Rows that measure it and were predicted.</summary>
    public required int Rows { get; init; }

    /// <summary>Median of |predicted / measured - 1| x 100.</summary>
    public required double MedianAbsPctError { get; init; }

    /// <summary>Largest max(predicted / measured, measured / predicted).</summary>
    public required double WorstRatio { get; init; }

    /// <summary>Share 0-1 of rows more than 2x off either way.</summary>
    public required double ShareOffByMoreThan2x { get; init; }

    /// <summary>Median predicted / measured: above 1 the model overpredicts.</summary>
    public required double MedianRatio { get; init; }
}
