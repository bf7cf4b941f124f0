namespace TokenKernels.Calibration;

/// <summary>Column names of <see cref="MeasuredMetric"/> values, as in the CSV and in <c>validate --json</c>.</summary>
public static class MeasuredMetricNames
{
    /// <summary>Every metric, in column order.</summary>
    public static IReadOnlyList<MeasuredMetric> All { get; } =
    [
        MeasuredMetric.OutputTokSGpu, MeasuredMetric.InputTokSGpu, MeasuredMetric.TotalTokSGpu,
        MeasuredMetric.TokSUser, MeasuredMetric.TtftS, MeasuredMetric.TpotMs,
    ];

    /// <summary>The snake_case column name, e.g. <c>output_tok_s_gpu</c>.</summary>
    public static string ToColumn(this MeasuredMetric metric) => metric switch
    {
        MeasuredMetric.OutputTokSGpu => "output_tok_s_gpu",
        MeasuredMetric.InputTokSGpu => "input_tok_s_gpu",
        MeasuredMetric.TotalTokSGpu => "total_tok_s_gpu",
        MeasuredMetric.TokSUser => "tok_s_user",
        MeasuredMetric.TtftS => "ttft_s",
        MeasuredMetric.TpotMs => "tpot_ms",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Whether the metric is a per-GPU throughput (output, input or total tokens per second per GPU).</summary>
    public static bool IsThroughput(this MeasuredMetric metric) =>
        metric is MeasuredMetric.OutputTokSGpu or MeasuredMetric.InputTokSGpu or MeasuredMetric.TotalTokSGpu;
}
