namespace TokenKernels;

/// <summary>
/// One load level, pooled over its seeds. Latencies are null when the level is <see cref="Saturated"/>: the queue grows
/// without bound there, so any finite figure would only say how long the run lasted.
/// </summary>
public sealed record LoadPoint
{
    /// <summary>Offered arrival rate (requests/s), or null for a closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>Closed-loop concurrency, or null for open-loop arrivals.</summary>
    public int? Concurrency { get; init; }

    /// <summary>The queue grew without bound (arrivals outpaced completions); latencies are null.</summary>
    public bool Saturated { get; init; }

    /// <summary>Time to first token percentiles and mean (seconds).</summary>
    public double? TtftP50 { get; init; }

    /// <inheritdoc cref="TtftP50"/>
    public double? TtftP90 { get; init; }

    /// <inheritdoc cref="TtftP50"/>
    public double? TtftP99 { get; init; }

    /// <inheritdoc cref="TtftP50"/>
    public double? TtftMean { get; init; }

    /// <summary>Time per output token after the first, percentiles and mean (seconds).</summary>
    public double? TpotP50 { get; init; }

    /// <inheritdoc cref="TpotP50"/>
    public double? TpotP90 { get; init; }

    /// <inheritdoc cref="TpotP50"/>
    public double? TpotP99 { get; init; }

    /// <inheritdoc cref="TpotP50"/>
    public double? TpotMean { get; init; }

    /// <summary>Arrival to last token, mean and percentiles (seconds).</summary>
    public double? E2eMean { get; init; }

    /// <inheritdoc cref="E2eMean"/>
    public double? E2eP50 { get; init; }

    /// <inheritdoc cref="E2eMean"/>
    public double? E2eP99 { get; init; }

    /// <summary>Completed requests per second (steady window).</summary>
    public double RequestsPerSecond { get; init; }

    /// <summary>Prompt tokens per second per GPU (all GPUs of the configuration).</summary>
    public double InputTokSGpu { get; init; }

    /// <summary>Output tokens per second per GPU.</summary>
    public double OutputTokSGpu { get; init; }

    /// <summary>Completed requests per second meeting the TTFT and tok/s/user limits (all of them when none is set).</summary>
    public double GoodputRequestsPerSecond { get; init; }

    /// <summary>Mean requests in the system (queued or served) over the steady window.</summary>
    public double MeanInSystem { get; init; }

    /// <summary>Mean share 0-1 of the KV cache holding tokens.</summary>
    public double KvUtilization { get; init; }

    /// <summary>Preemptions (recomputes) per seed run.</summary>
    public double Preemptions { get; init; }

    /// <summary>GPU cost per million output tokens at this load (all GPU time charged to output), null without a price.</summary>
    public double? UsdPerMtokOutput { get; init; }

    /// <summary>Seeds pooled.</summary>
    public int Seeds { get; init; }

    /// <summary>Requests simulated for this level (all seeds).</summary>
    public long SimulatedRequests { get; init; }

    /// <summary>Median tokens per second a user sees, 1 / <see cref="TpotP50"/>.</summary>
    public double? TokSUserP50 => TpotP50 is > 0 ? 1.0 / TpotP50 : null;
}
