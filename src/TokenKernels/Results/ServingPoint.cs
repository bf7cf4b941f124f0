namespace TokenKernels;

/// <summary>
/// What one configuration yields. When <see cref="Feasible"/> is false, <see cref="Reason"/> says why and the speed and
/// cost figures are zero (never NaN); memory figures are filled as far as they were computed.
/// </summary>
public readonly record struct ServingPoint
{
    /// <summary>Whether the configuration can run.</summary>
    public bool Feasible => Reason == InfeasibleReason.None;

    /// <summary>Why it cannot run, or <see cref="InfeasibleReason.None"/>.</summary>
    public InfeasibleReason Reason { get; init; }

    /// <summary>
    /// Time to first token at full batch: wait for the step in flight and queued prompts, prefill, KV transfer
    /// (disaggregated). Infinite when <see cref="Saturated"/> names a queue: it grows without bound at this rate.
    /// </summary>
    public Duration Ttft { get; init; }

    /// <summary>The queue at 100 % utilisation at the reported rate, or <see cref="SaturatedPool.None"/>.</summary>
    public SaturatedPool Saturated { get; init; }

    /// <summary>Median TTFT with requests arriving at the workload's load (a share of capacity); null when no load was given.</summary>
    public Duration? TtftP50AtLoad { get; init; }

    /// <summary>90th-percentile TTFT at the workload's load; null when no load was given; infinite when saturated at it.</summary>
    public Duration? TtftP90AtLoad { get; init; }

    /// <summary>
    /// Utilisation the TTFT at load is for: the workload's load, or an offered request rate over this configuration's
    /// capacity (1 or more: saturated); null when neither was given.
    /// </summary>
    public double? OfferedLoad { get; init; }

    /// <summary>Time per output token as a user sees it (decode step / accepted tokens, slowed by colocated prefill).</summary>
    public Duration Tpot { get; init; }

    /// <summary>Output tokens per second per user = 1 / TPOT.</summary>
    public double TokSUser { get; init; }

    /// <summary>Output tokens per second per GPU (all GPUs, both pools when disaggregated).</summary>
    public double OutputTokSGpu { get; init; }

    /// <summary>Input tokens per second per GPU (prompt tokens including prefix-cache hits).</summary>
    public double InputTokSGpu { get; init; }

    /// <summary>Input + output tokens per second per GPU (the InferenceX throughput).</summary>
    public double TotalTokSGpu { get; init; }

    /// <summary>$ per million output tokens (decode GPU time), or null without a GPU-hour price.</summary>
    public Usd? UsdPerMtokOutput { get; init; }

    /// <summary>$ per million input tokens (prefill GPU time), or null without a GPU-hour price.</summary>
    public Usd? UsdPerMtokInput { get; init; }

    /// <summary>InferenceX convention: $/GPU-hour / (total tok/s/GPU x 3600 / 1e6), or null without a price.</summary>
    public Usd? UsdPerMtokTotal { get; init; }

    /// <summary>The GPU-hour price the costs are based on, or null when none was known.</summary>
    public Usd? GpuHourPrice { get; init; }

    /// <summary>Largest batch whose KV cache fits at input + output tokens of context.</summary>
    public int MaxBatch { get; init; }

    /// <summary>Longest context each sequence of this batch can hold (capped at the model's window).</summary>
    public int MaxContext { get; init; }

    /// <summary>The term that sets the decode step.</summary>
    public Bound DecodeBound { get; init; }

    /// <summary>Weights stored per GPU (decode instance).</summary>
    public ByteCount WeightsPerGpu { get; init; }

    /// <summary>KV cache this batch occupies per GPU at full context.</summary>
    public ByteCount KvCachePerGpu { get; init; }

    /// <summary>HBM left for KV cache per GPU.</summary>
    public ByteCount KvCapacityPerGpu { get; init; }

    /// <summary>One decode step for the whole batch (all pipeline stages, drafting included).</summary>
    public Duration DecodeStep { get; init; }

    /// <summary>Decode stage step: FLOPs / achieved FLOP/s.</summary>
    public Duration DecodeCompute { get; init; }

    /// <summary>Decode stage step: weight and KV bytes / achieved HBM bandwidth.</summary>
    public Duration DecodeMemory { get; init; }

    /// <summary>Decode stage step: exposed collective time.</summary>
    public Duration DecodeNetwork { get; init; }

    /// <summary>Decode stage step: fixed overheads.</summary>
    public Duration DecodeOverhead { get; init; }

    /// <summary>Prefill of one request's prompt (chunks through the pipeline), without queueing.</summary>
    public Duration PrefillPerRequest { get; init; }

    /// <summary>Prefill capacity in prompt tokens per second per prefill GPU.</summary>
    public double PrefillTokSGpu { get; init; }

    /// <summary>Colocated: share of GPU time spent prefilling. Disaggregated: prefill pool utilisation.</summary>
    public double PrefillShare { get; init; }

    /// <summary>GPUs the per-GPU figures divide by.</summary>
    public int TotalGpus { get; init; }

    internal static ServingPoint From(in Physics.PackedResult r)
    {
        bool priced = r.UsdPerMtokTotal > 0;
        return new ServingPoint
        {
            Reason = (InfeasibleReason)r.Reason,
            Ttft = Duration.FromSeconds(r.Saturated != 0 ? double.PositiveInfinity : r.TtftSeconds),
            Saturated = (SaturatedPool)r.Saturated,
            TtftP50AtLoad = r.TtftP50AtLoadSeconds > 0 ? Duration.FromSeconds(r.TtftP50AtLoadSeconds) : null,
            TtftP90AtLoad = r.TtftP90AtLoadSeconds > 0 ? Duration.FromSeconds(r.TtftP90AtLoadSeconds) : null,
            OfferedLoad = r.OfferedLoad > 0 ? r.OfferedLoad : null,
            Tpot = Duration.FromSeconds(r.TpotSeconds),
            TokSUser = r.TokSUser,
            OutputTokSGpu = r.OutputTokSGpu,
            InputTokSGpu = r.InputTokSGpu,
            TotalTokSGpu = r.TotalTokSGpu,
            UsdPerMtokOutput = priced ? new Usd(r.UsdPerMtokOutput) : null,
            UsdPerMtokInput = priced ? new Usd(r.UsdPerMtokInput) : null,
            UsdPerMtokTotal = priced ? new Usd(r.UsdPerMtokTotal) : null,
            GpuHourPrice = priced ? new Usd(r.UsdPerGpuHour) : null,
            MaxBatch = (int)Math.Min(int.MaxValue, r.MaxBatch),
            MaxContext = (int)Math.Min(int.MaxValue, r.MaxContext),
            DecodeBound = (Bound)r.DecodeBound,
            WeightsPerGpu = new ByteCount(r.WeightBytesPerGpu),
            KvCachePerGpu = new ByteCount(r.KvBytesPerGpu),
            KvCapacityPerGpu = new ByteCount(Math.Max(0, r.KvCapacityBytesPerGpu)),
            DecodeStep = Duration.FromSeconds(r.DecodeStepSeconds),
            DecodeCompute = Duration.FromSeconds(r.DecodeComputeSeconds),
            DecodeMemory = Duration.FromSeconds(r.DecodeMemorySeconds),
            DecodeNetwork = Duration.FromSeconds(r.DecodeNetworkSeconds),
            DecodeOverhead = Duration.FromSeconds(r.DecodeOverheadSeconds),
            PrefillPerRequest = Duration.FromSeconds(r.PrefillSecondsPerRequest),
            PrefillTokSGpu = r.PrefillTokSGpu,
            PrefillShare = r.PrefillShare,
            TotalGpus = (int)r.TotalGpus,
        };
    }
}
