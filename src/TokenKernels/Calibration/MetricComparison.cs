namespace TokenKernels.Calibration;

/// <summary>One measured metric of a row beside its prediction.</summary>
/// <param name="Metric">Column name, e.g. <c>output_tok_s_gpu</c>.</param>
/// <param name="Measured">The measured value.</param>
/// <param name="Predicted">The model's prediction.</param>
public readonly record struct MetricComparison(string Metric, double Measured, double Predicted)
{
    /// <summary>predicted / measured - 1.</summary>
    public double RelError => (Predicted / Measured) - 1.0;

    /// <summary>max(predicted / measured, measured / predicted): how many times off, at least 1.</summary>
    public double Ratio => Math.Max(Predicted / Measured, Measured / Predicted);
}
