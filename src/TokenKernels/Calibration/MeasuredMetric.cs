namespace TokenKernels.Calibration;

/// <summary>A measured quantity a row may state; each is one column of the measurements CSV (see <see cref="MeasuredMetricNames"/>).</summary>
public enum MeasuredMetric
{
    /// <summary><c>output_tok_s_gpu</c>: output tokens per second per GPU.</summary>
    OutputTokSGpu = 0,

    /// <summary><c>input_tok_s_gpu</c>: input (prompt) tokens per second per GPU.</summary>
    InputTokSGpu = 1,

    /// <summary><c>total_tok_s_gpu</c>: input + output tokens per second per GPU.</summary>
    TotalTokSGpu = 2,

    /// <summary><c>tok_s_user</c>: output tokens per second per user.</summary>
    TokSUser = 3,

    /// <summary><c>ttft_s</c>: time to first token in seconds.</summary>
    TtftS = 4,

    /// <summary><c>tpot_ms</c>: time per output token in milliseconds.</summary>
    TpotMs = 5,
}
