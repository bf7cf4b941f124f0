namespace TokenKernels.Physics;

/// <summary>Everything one configuration yields, blittable. Costs are 0 when no GPU-hour price is known.</summary>
internal struct PackedResult
{
    /// <summary><see cref="InfeasibleReason"/> code; 0 = feasible.</summary>
    public int Reason;

    /// <summary><see cref="TokenKernels.Bound"/> code of the decode step.</summary>
    public int DecodeBound;
    public double TtftSeconds;
    public double TpotSeconds;
    public double TokSUser;
    public double OutputTokSGpu;
    public double InputTokSGpu;
    public double TotalTokSGpu;
    public double UsdPerMtokOutput;
    public double UsdPerMtokInput;
    public double UsdPerMtokTotal;

    /// <summary>The GPU-hour price the costs used (0 when none was known).</summary>
    public double UsdPerGpuHour;
    public double MaxBatch;
    public double MaxContext;
    public double WeightBytesPerGpu;
    public double KvBytesPerGpu;
    public double KvCapacityBytesPerGpu;
    public double DecodeStepSeconds;
    public double DecodeComputeSeconds;
    public double DecodeMemorySeconds;
    public double DecodeNetworkSeconds;
    public double DecodeOverheadSeconds;
    public double PrefillSecondsPerRequest;
    public double PrefillTokSGpu;

    /// <summary>The decode instance on its own (no prefill): output tokens per second per decode GPU = batch x accepted / step / GPUs.</summary>
    public double DecodePoolTokSGpu;

    /// <summary>The decode instance on its own: output tokens per second per user = accepted tokens / step.</summary>
    public double DecodePoolTokSUser;

    /// <summary>The prefill pool on its own: prompt tokens per second per prefill GPU, prefix-cache hits included (capacity x input / fresh).</summary>
    public double PrefillPoolInputTokSGpu;

    /// <summary>Colocated: share 0-1 of GPU time spent on prefill. Disaggregated: prefill pool utilisation.</summary>
    public double PrefillShare;
    public double TotalGpus;

    /// <summary>
    /// <see cref="SaturatedPool"/> code of a queue at 100 % utilisation at the reported rate (0 = none). <see cref="TtftSeconds"/>
    /// keeps the closed-loop value (requests in flight = batch) that calibration compares; the public results report
    /// an infinite TTFT for a saturated point.
    /// </summary>
    public int Saturated;

    /// <summary>Median TTFT at the offered load (<see cref="Packing.PackedDeployment.Load"/>); 0 when no load is given.</summary>
    public double TtftP50AtLoadSeconds;

    /// <summary>90th-percentile TTFT at the offered load; 0 when no load is given.</summary>
    public double TtftP90AtLoadSeconds;

    /// <summary>Utilisation (offered rate / capacity) the TTFT at load is for: the load, or the rate over capacity; 0 when neither is given.</summary>
    public double OfferedLoad;

    /// <summary>The TTFT a service level tests: P90 at the load when one is given, else infinite when saturated, else <see cref="TtftSeconds"/>.</summary>
    public readonly double SlaTtftSeconds =>
        TtftP90AtLoadSeconds > 0 ? TtftP90AtLoadSeconds : Saturated != 0 ? double.PositiveInfinity : TtftSeconds;

    public readonly bool Feasible => Reason == 0;
}
