namespace TokenKernels.Physics;

/// <summary>
/// What <see cref="ServingModel.ServeLanes{T}"/> computes for one batch size per lane (every batch-dependent field of
/// <see cref="PackedResult"/>, codes as doubles), and <see cref="Fill"/>, which writes one lane into a result exactly as
/// the scalar model always has: an infeasible lane keeps only the fields computed before its check failed.
/// </summary>
internal struct ServedBatch<T>
    where T : struct, ILanes<T>
{
    /// <summary><see cref="InfeasibleReason"/> code per lane (KV cache or saturated prefill), or 0.</summary>
    public T Reason;
    public T KvBytesPerGpu;
    /// <summary>One decode token step through every stage plus drafting (<see cref="ServingModel.DecodeTokenStepSeconds{T}"/>).</summary>
    public T TokenStepSeconds;

    /// <summary>The terms of one stage's decode step.</summary>
    public StepTerms<T> DecodeStep;

    /// <summary>Prefill tokens per second of the prefill layout (every dp rank), at the chunk the batch packs.</summary>
    public T PrefillCapacity;

    /// <summary>A lone request's prefill (the same in every lane: it depends on the lengths only).</summary>
    public double PrefillSecondsPerRequest;
    public T PrefillTokSGpu;
    public T PrefillPoolInputTokSGpu;
    public T DecodePoolTokSUser;
    public T DecodePoolTokSGpu;
    public T PrefillShare;
    public T TpotSeconds;
    public T TokSUser;
    public T TtftSeconds;
    public T OutputTokSGpu;
    public T InputTokSGpu;
    public T TotalTokSGpu;
    public T UsdPerMtokTotal;
    public T UsdPerMtokOutput;
    public T UsdPerMtokInput;

    /// <summary><see cref="SaturatedPool"/> code at capacity (disaggregated: prefill-bound pools), or 0.</summary>
    public T Saturated;

    /// <summary>Requests per second at capacity (for TTFT at a load).</summary>
    public T RequestsPerSecond;

    /// <summary>Seconds of the prefill server per request (for TTFT at a load).</summary>
    public T PrefillServerSeconds;

    /// <summary>Writes lane <paramref name="lane"/> into <paramref name="r"/> (fields the lane's checks reached).</summary>
    public readonly void Fill(ref PackedResult r, int lane, double usdPerGpuHour)
    {
        int reason = (int)T.Lane(Reason, lane);
        r.Reason = reason;
        r.KvBytesPerGpu = T.Lane(KvBytesPerGpu, lane);
        if (reason == (int)InfeasibleReason.KvCacheExceedsMemory)
        {
            return;
        }

        r.DecodeStepSeconds = T.Lane(TokenStepSeconds, lane);
        r.DecodeComputeSeconds = T.Lane(DecodeStep.ComputeSeconds, lane);
        r.DecodeMemorySeconds = T.Lane(DecodeStep.MemorySeconds, lane);
        r.DecodeNetworkSeconds = T.Lane(DecodeStep.NetworkSeconds, lane);
        r.DecodeOverheadSeconds = T.Lane(DecodeStep.OverheadSeconds, lane);
        r.DecodeBound = (int)T.Lane(DecodeStep.Bound, lane);
        r.PrefillSecondsPerRequest = PrefillSecondsPerRequest;
        r.PrefillTokSGpu = T.Lane(PrefillTokSGpu, lane);
        r.PrefillPoolInputTokSGpu = T.Lane(PrefillPoolInputTokSGpu, lane);
        r.DecodePoolTokSUser = T.Lane(DecodePoolTokSUser, lane);
        r.DecodePoolTokSGpu = T.Lane(DecodePoolTokSGpu, lane);
        if (reason != 0)
        {
            return;
        }

        r.Saturated = (int)T.Lane(Saturated, lane);
        r.PrefillShare = T.Lane(PrefillShare, lane);
        r.TpotSeconds = T.Lane(TpotSeconds, lane);
        r.TokSUser = T.Lane(TokSUser, lane);
        r.TtftSeconds = T.Lane(TtftSeconds, lane);
        r.OutputTokSGpu = T.Lane(OutputTokSGpu, lane);
        r.InputTokSGpu = T.Lane(InputTokSGpu, lane);
        r.TotalTokSGpu = T.Lane(TotalTokSGpu, lane);
        if (usdPerGpuHour > 0)
        {
            r.UsdPerGpuHour = usdPerGpuHour;
            r.UsdPerMtokTotal = T.Lane(UsdPerMtokTotal, lane);
            r.UsdPerMtokOutput = T.Lane(UsdPerMtokOutput, lane);
            r.UsdPerMtokInput = T.Lane(UsdPerMtokInput, lane);
        }
    }
}
